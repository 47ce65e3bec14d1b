/**
 * The demo's kitchen: a food truck's stations and a short menu, so `outpost --demo` signed in as
 * kemal (3333) has tickets to enter at the Counter and bump on the Kitchen board. Operations as the
 * site's admin makes them; no tickets (their age would start at the demo's first run).
 */
const STATIONS = [
  { id: 'grill', name: 'Grill', kind: 'prep' },
  { id: 'cold', name: 'Cold', kind: 'prep' },
  { id: 'expo', name: 'Expo', kind: 'expo' },
] as const

const MENU = [
  { id: 'burger', number: 1, name: 'Köfte burger', category: 'mains', price: 950, station: 'grill' },
  { id: 'chicken', number: 2, name: 'Chicken wrap', category: 'mains', price: 850, station: 'grill' },
  { id: 'fries', number: 3, name: 'Fries', category: 'sides', price: 350, station: 'grill' },
  { id: 'salad', number: 4, name: 'Çoban salad', category: 'cold', price: 600, station: 'cold' },
  { id: 'ayran', number: 5, name: 'Ayran', category: 'drinks', price: 200, station: 'cold' },
  {
    id: 'menemen',
    number: 6,
    name: 'Menemen',
    category: 'breakfast',
    price: 700,
    station: 'grill',
    windows: [{ name: 'breakfast', from: '07:00', to: '11:00' }],
  },
] as const

export const DEMO_KITCHEN_DRAFTS = [
  ...STATIONS.map((s) => ({ type: 'stations.set', payload: { ...s, printer: null, retired: false } })),
  ...MENU.map((m) => ({ type: 'menu.set', payload: { windows: [], shift: null, retired: false, ...m } })),
]
