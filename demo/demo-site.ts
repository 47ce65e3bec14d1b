import type { OutpostNode } from '../daemon/node.js'
import { hashPin } from '../daemon/people/pin-hash.js'
import { DEMO_KITCHEN_DRAFTS } from './demo-kitchen.js'

/** The demo site's first-admin secret: fixed, because it is a demo and the hint shows it. */
export const DEMO_ADMIN_SECRET = 'DEMO-0000-0000-0000'

const STAFF = [
  { id: 'mia', name: 'Mia Demir', role: 'manager', pin: '1111' },
  { id: 'ana', name: 'Ana Silva', role: 'picker', pin: '2222' },
  { id: 'kemal', name: 'Kemal Aydın', role: 'kitchen', pin: '3333' },
] as const

export const DEMO_SITE_NAME = 'Demo stock room'
/** A Turkish textile depot writes 1.720 for one thousand seven hundred and twenty metres. */
export const DEMO_NUMBER_STYLE = 'comma' as const

export const DEMO_HINTS = [
  'Demo staff (id / PIN):',
  `  admin ${DEMO_ADMIN_SECRET} (admin)    mia 1111 (manager)`,
  '  ana 2222 (picker)    kemal 3333 (kitchen)',
  'Type or scan a staff id, Enter, then the PIN. ? shows the keys.',
  'Receive (menu 4): scan 8690000000011, lot, LOC-A011, 50, 2 rolls: labels print.',
  'Pick (menu 5): SO-1001, scan LOC-A011 then R-DEMO-11. demo-barcodes.png has them all.',
  'Kitchen (kemal): Counter @table 4, 2*1, Enter fires; Kitchen board 1-9 bumps, R.',
]

/** A textile stock room: qualities and colours, shelves with barcodes, a supplier and a customer. */
export const DEMO_PRODUCTS = [
  {
    sku: 'POP-120-NV',
    name: 'Poplin 120 lacivert',
    unit: 'm',
    barcodes: ['8690000000011'],
    attributes: { quality: 'A', color: 'lacivert' },
  },
  { sku: 'POP-120-WH', name: 'Poplin 120 beyaz', unit: 'm', barcodes: ['8690000000028'], attributes: { quality: 'A', color: 'beyaz' } },
  { sku: 'SAT-090-RD', name: 'Saten 90 kırmızı', unit: 'm', barcodes: ['8690000000035'], attributes: { quality: 'B', color: 'kırmızı' } },
  { sku: 'KET-200-NT', name: 'Keten 200 doğal', unit: 'm', barcodes: ['8690000000042'], attributes: { quality: 'A', color: 'doğal' } },
  { sku: 'DUG-10-BK', name: 'Düğme 10 mm siyah', unit: 'pcs', barcodes: ['8690000000059'], attributes: { color: 'siyah' } },
] as const
export const DEMO_LOCATIONS = [
  { code: 'A-01-1', barcode: 'LOC-A011', rack: 'A', bin: '01-1' },
  { code: 'A-01-2', barcode: 'LOC-A012', rack: 'A', bin: '01-2' },
  { code: 'B-02-1', barcode: 'LOC-B021', rack: 'B', bin: '02-1' },
  { code: 'C-04-2', barcode: 'LOC-C042', rack: 'C', bin: '04-2' },
] as const

/** The demo rolls' fixed codes, for the barcode sheet. */
const DEMO_RECEIPTS = [
  ['POP-120-NV', 'L2026-114', 'A-01-1', 3, 50_000],
  ['SAT-090-RD', 'L2026-120', 'C-04-2', 2, 45_500],
  ['KET-200-NT', 'L2026-131', 'B-02-1', 2, 30_000],
  ['POP-120-WH', 'L2026-140', 'A-01-2', 3, 60_000],
  ['POP-120-NV', 'L2026-152', 'A-01-2', 2, 48_000],
] as const

/** Two orders ready to pick, their rolls held: Atölye Moda's by SKU, the second by quality and colour. */
const DEMO_ORDERS = [
  {
    id: 'SO-1001',
    customer: 'CUS-ATL',
    lines: [
      { sku: 'POP-120-NV', quality: null, color: null, milli: 120_000 },
      { sku: null, quality: 'B', color: 'kırmızı', milli: 45_000 },
    ],
    held: [['R-DEMO-11', 'R-DEMO-12', 'R-DEMO-13'], ['R-DEMO-21']],
  },
  {
    id: 'SO-1002',
    customer: 'CUS-ATL',
    lines: [
      { sku: 'POP-120-WH', quality: null, color: null, milli: 100_000 },
      { sku: 'KET-200-NT', quality: null, color: null, milli: 30_000 },
    ],
    held: [['R-DEMO-41', 'R-DEMO-42'], ['R-DEMO-31']],
  },
] as const
const demoRollCode = (receipt: number, roll: number) => `R-DEMO-${receipt + 1}${roll + 1}`

/** Every code a person may scan in the demo, with what it is: printed as demo-barcodes.png. */
export function demoBarcodes(): Array<{ caption: string; code: string }> {
  return [
    ...STAFF.map((p) => ({ caption: `staff badge: ${p.name} (PIN ${p.pin})`, code: p.id })),
    ...DEMO_PRODUCTS.map((p) => ({ caption: `product: ${p.name}`, code: p.barcodes[0] })),
    ...DEMO_LOCATIONS.map((l) => ({ caption: `shelf ${l.code}`, code: l.barcode })),
    ...DEMO_RECEIPTS.flatMap(([sku, lot, location, count], n) =>
      Array.from({ length: count }, (_, i) => ({ caption: `roll of ${sku}, lot ${lot}, at ${location}`, code: demoRollCode(n, i) })),
    ),
  ]
}

/** People with roles and a couple of shift notes, appended by the admin as two log blocks. */
export async function seedDemoSite(node: OutpostNode): Promise<void> {
  const people = await Promise.all(
    STAFF.map(async ({ pin, ...person }) => ({ type: 'people.add', payload: { ...person, pinHash: await hashPin(pin) } })),
  )
  await node.submit(people, 'admin', { dryRun: false })
  await node.submit(
    [
      { type: 'catalog.products.upsert', payload: { products: DEMO_PRODUCTS } },
      { type: 'catalog.locations.upsert', payload: { locations: DEMO_LOCATIONS } },
      {
        type: 'catalog.partners.upsert',
        payload: {
          partners: [
            { code: 'SUP-OZT', name: 'Öztürk Tekstil', kind: 'supplier' },
            { code: 'CUS-ATL', name: 'Atölye Moda', kind: 'customer' },
          ],
        },
      },
      ...DEMO_RECEIPTS.map(([sku, lot, location, count, milli], n) => ({
        type: 'stock.receive',
        payload: {
          sku,
          lot,
          location,
          supplier: 'SUP-OZT',
          // fixed codes, so the demo's barcode sheet stays the same
          rolls: Array.from({ length: count }, (_, i) => ({ code: demoRollCode(n, i), milli })),
        },
      })),
      ...DEMO_ORDERS.flatMap(({ held, ...order }) => [
        { type: 'orders.create', payload: order },
        ...held.map((rolls, line) => ({ type: 'orders.reserve', payload: { order: order.id, line, rolls } })),
      ]),
      { type: 'notes.post', payload: { text: 'Welcome to the demo stock room. Rack C is being re-labelled this week.' } },
      { type: 'notes.post', payload: { text: 'Label printer on bench 2 runs low on paper: spare rolls in drawer 3.' } },
    ],
    'admin',
    { dryRun: false },
  )
  await node.submit(DEMO_KITCHEN_DRAFTS, 'admin', { dryRun: false })
}
