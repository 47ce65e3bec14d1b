import { foldTable, op } from './table.js'
import { kitchen } from './kitchen.js'

/** Every rejection of the menu's operations (items, specials, stock, out marks, throttle). */
const setItem = (patch: Record<string, unknown> = {}) =>
  op('menu.set', { id: 'fries', number: 3, name: 'Fries', category: 'sides', price: 400, station: 'grill', ...patch }, 'max')
const stock = (shift: string, itemId: string) => op('menu.stock', { shift, item: itemId, portions: 10 }, 'kim')
const out = (shift: string, itemId: string) => op('menu.out', { shift, item: itemId, out: true }, 'kim')
const throttle = (station: string) => op('menu.throttle', { station, open: 8, perSlot: 10 }, 'kim')

foldTable('menu: every rejection reason', [
  { reason: "menu number 1 is burger's", given: kitchen, attempt: () => setItem({ number: 1 }), allowed: () => setItem({ number: 3 }) },
  {
    reason: "menu number 1 is burger's",
    name: 'a retired item gives its number back',
    given: kitchen,
    attempt: () => setItem({ number: 1 }),
    allowed: () => setItem({ number: 1 }),
    allowedGiven: () => [
      ...kitchen(),
      op('menu.set', { id: 'burger', number: 1, name: 'Burger', category: 'mains', price: 1250, station: 'grill', retired: true }, 'max'),
    ],
  },
  { reason: 'no kitchen station oven', given: kitchen, attempt: () => setItem({ station: 'oven' }), allowed: () => setItem() },
  {
    reason: 'expo is an expo station: items are made at a prep station',
    given: kitchen,
    attempt: () => setItem({ station: 'expo' }),
    allowed: () => setItem({ station: 'cold' }),
  },
  {
    reason: 'no shift dinner',
    name: 'a special of no shift',
    given: kitchen,
    attempt: () => setItem({ shift: 'dinner' }),
    allowed: () => setItem({ shift: 'lunch' }),
  },
  {
    reason: 'a kitchen may not menu.set',
    kind: 'forbidden',
    given: kitchen,
    attempt: () => ({ ...setItem(), by: 'kim' }),
    allowed: () => setItem(),
  },
  {
    reason: 'no shift dinner',
    name: 'stock in no shift',
    given: kitchen,
    attempt: () => stock('dinner', 'burger'),
    allowed: () => stock('lunch', 'burger'),
  },
  { reason: 'no menu item pizza', given: kitchen, attempt: () => stock('lunch', 'pizza'), allowed: () => stock('lunch', 'salad') },
  {
    reason: 'no shift dinner',
    name: 'out in no shift',
    given: kitchen,
    attempt: () => out('dinner', 'burger'),
    allowed: () => out('lunch', 'burger'),
  },
  {
    reason: 'no menu item pizza',
    name: 'out: no such item',
    given: kitchen,
    attempt: () => out('lunch', 'pizza'),
    allowed: () => out('lunch', 'burger'),
  },
  {
    reason: 'no kitchen station oven',
    name: 'throttle of no station',
    given: kitchen,
    attempt: () => throttle('oven'),
    allowed: () => throttle('grill'),
  },
])
