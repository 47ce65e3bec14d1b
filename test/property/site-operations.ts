import type { OperationDraft } from '../../protocol/index.js'
import type { OutpostNode } from '../../daemon/node.js'
import { editBetween } from '../../daemon/fold/field-merge.js'
import { proposeRollback } from '../../daemon/socket/history-rollback.js'
import { pick } from '../helpers/seeded-random.js'
import { moveOrUndo } from './stock-moves.js'

/**
 * Random work for the convergence property test: what people on three nodes of one site do
 * while apart. Names come from small pools (orders SO-1..SO-6, three products, three locations,
 * barcodes shared between products), so nodes that did not see each other collide: the same roll
 * shipped twice, a barcode claimed for two products, an order created twice, a conflict settled
 * twice, a job cancelled after it printed. Some actions read the acting node's own view first
 * (the variances a manager sees, the conflicts listed), as a person on that node would.
 */

export interface Action {
  /** Who makes it: a person, or `@system` (the node itself, for its printer). */
  by: string
  drafts: OperationDraft[]
}

/** What the generator knows of the whole run (not what any one node has seen). */
export interface Pools {
  notes: string[]
  rolls: string[]
  jobs: string[]
  /** Per node: how many roll codes and count sessions it has made (codes are site-unique, as the socket makes them). */
  made: number[]
}

export const PIN = `scrypt$16384$8$1$${'0'.repeat(32)}$${'1'.repeat(64)}`
const op = (type: string, payload: unknown): OperationDraft => ({ type, payload })
const PRODUCTS = { POP: 'm', KET: 'kg', SAT: 'm' } as const
const SKUS = Object.keys(PRODUCTS) as Array<keyof typeof PRODUCTS>
const LOCATIONS = ['A-01', 'B-01', 'C-01']
const ORDERS = ['SO-1', 'SO-2', 'SO-3', 'SO-4', 'SO-5', 'SO-6']
const BARCODES = ['869-1', '869-2', '869-3']
/** Printer p-0 hangs on node 0, p-1 on node 1. */
const PRINTERS = ['p-0', 'p-1']
const product = (sku: string, unit: string, barcodes: string[] = []) => ({ sku, name: `Product ${sku}`, unit, barcodes, attributes: {} })
const line = (sku: string) => ({ sku, quality: null, color: null, milli: 5000 })

/** The site's starting state, made on the founder before the nodes part. */
export function setup(): Action[] {
  return [
    {
      by: 'admin',
      drafts: [
        op('people.add', { id: 'pia', name: 'Pia', role: 'picker', pinHash: PIN }),
        op('people.add', { id: 'max', name: 'Max', role: 'manager', pinHash: PIN }),
        op('catalog.products.upsert', { products: SKUS.map((sku) => product(sku, PRODUCTS[sku])) }),
        op('catalog.locations.upsert', { locations: LOCATIONS.map((code) => ({ code, barcode: null, rack: code[0], bin: '01' })) }),
        op('stock.receive', {
          sku: 'POP',
          lot: 'L0',
          location: 'A-01',
          supplier: null,
          rolls: ['R-1', 'R-2', 'R-3', 'R-4'].map((code) => ({ code, milli: 5000 })),
        }),
        ...ORDERS.slice(0, 3).map((id) => op('orders.create', { id, customer: null, lines: [line('POP')] })),
      ],
    },
    { by: '@system', drafts: [op('printing.announce', { id: 'p-0', name: 'Shelf printer', profile: 'escpos-80-tr' })] },
  ]
}
export const SETUP_ROLLS = ['R-1', 'R-2', 'R-3', 'R-4']

/** One random action of node `n`. */
export async function randomAction(rand: () => number, node: OutpostNode, n: number, pools: Pools): Promise<Action> {
  const choice = rand()
  const manager = rand() < 0.9 ? pick(rand, ['max', 'admin']) : 'pia' // a picker now and then tries a manager's work
  // what the acting node shows: its open orders and the rolls it has on its shelves, and now and then a name from the pools
  const open = (await node.read.orders.orders('open', 100)).map((o) => o.id)
  const shelf = (await node.read.stock.rolls({ limit: 1000 })).filter((r) => r.state === 'in-stock')
  const roll = () => (shelf.length > 0 && rand() < 0.85 ? pick(rand, shelf).code : pick(rand, pools.rolls))
  const order = () => (open.length > 0 && rand() < 0.85 ? pick(rand, open) : pick(rand, ORDERS))
  if (choice < 0.1) {
    const id = rand() < 0.5 ? pick(rand, ORDERS) : `SO-${n}-${++pools.made[n]!}`
    return { by: manager, drafts: [op('orders.create', { id, customer: null, lines: [line(pick(rand, SKUS))] })] }
  }
  if (choice < 0.18) {
    const codes = [`N${n}-${++pools.made[n]!}`, `N${n}-${++pools.made[n]!}`]
    pools.rolls.push(...codes)
    const rolls = codes.map((code) => ({ code, milli: 1000 + Math.floor(rand() * 9000) }))
    return {
      by: 'pia',
      drafts: [op('stock.receive', { sku: pick(rand, SKUS), lot: `L${n}`, location: pick(rand, LOCATIONS), supplier: null, rolls })],
    }
  }
  if (choice < 0.25) return { by: manager, drafts: [op('orders.reserve', { order: order(), line: 0, rolls: [roll()] })] }
  if (choice < 0.29) return { by: manager, drafts: [op('orders.release', { order: order(), rolls: [roll()] })] }
  if (choice < 0.42) {
    // pick and ship: the usual day's work, and the usual collision between nodes apart
    // mostly the rolls every node has known from the start (as a picker takes the nearest): nodes apart take the same ones
    const near = shelf.filter((r) => SETUP_ROLLS.includes(r.code))
    const [o, code] = [order(), near.length > 0 && rand() < 0.7 ? pick(rand, near).code : roll()]
    const at = shelf.find((r) => r.code === code)?.location ?? pick(rand, LOCATIONS)
    return {
      by: 'pia',
      drafts: [op('picking.scan', { order: o, roll: code, location: at }), op('orders.fulfil', { order: o, rolls: [code] })],
    }
  }
  if (choice < 0.47) return { by: 'pia', drafts: [op('orders.fulfil', { order: order(), rolls: [roll()] })] }
  if (choice < 0.5) {
    const payload = { order: order(), line: 0, roll: rand() < 0.5 ? null : roll(), reason: 'not there' }
    return { by: 'pia', drafts: [op('picking.short', payload)] }
  }
  if (choice < 0.53) return { by: manager, drafts: [op('orders.cancel', { order: order(), reason: 'changed their mind' })] }
  if (choice < 0.62) return count(rand, node, n, pools)
  if (choice < 0.7) return resolve(rand, node, manager)
  if (choice < 0.8) return catalog(rand, node, n, manager)
  if (choice < 0.88) return printing(rand, n, pools)
  if (choice >= 0.94) return moveOrUndo(rand, node, n, pools) // stock-moves.ts: moves and undos (#21)
  return notesAndPeople(rand, pools)
}

/** A count: open a session here, scan what the node believes is on the shelf (give or take), approve what the node shows. */
async function count(rand: () => number, node: OutpostNode, n: number, pools: Pools): Promise<Action> {
  const session = `C-${n}-${++pools.made[n]!}`
  const location = pick(rand, LOCATIONS)
  const onShelf = (await node.read.stock.rollsAt(location)).map((r) => r.code)
  const scans = [...onShelf.filter(() => rand() < 0.7), ...pools.rolls.filter(() => rand() < 0.1)]
  const drafts = [op('counting.open', { session, location })]
  if (scans.length > 0) drafts.push(op('counting.scan', { session, codes: scans }))
  const shown = await node.read.counting.variances({ id: session, location, state: 'open', openedBy: 'pia', at: 0, scans, decidedBy: null })
  const variances = shown.filter((v) => v.kind !== 'unknown').map((v) => ({ roll: v.roll, kind: v.kind }))
  if (rand() < 0.85) drafts.push(op('counting.approve', { session, variances }))
  // a picker's session, approved by a manager in the same block (the socket does the same per person)
  return { by: 'admin', drafts }
}

/** Settle one conflict this node lists as open, as a manager there would. */
async function resolve(rand: () => number, node: OutpostNode, by: string): Promise<Action> {
  const open = await node.read.conflicts.conflicts(true, 50)
  if (open.length === 0)
    return { by, drafts: [op('conflicts.resolve', { conflict: 'none-open', note: 'looked', correction: null, kept: null })] }
  const c = pick(rand, open)
  const kept = c.unit === undefined ? null : pick(rand, c.unit.departures).op
  const correction = c.kind === 'negative-balance' && c.balance !== null && rand() < 0.5 ? -c.balance.milli : null
  return { by, drafts: [op('conflicts.resolve', { conflict: c.id, note: 'decided', correction, kept })] }
}

/**
 * An edit of one field of a product, as `catalog.upsert` makes it from a whole record (the
 * fields that differ from this node's view, each with the values it saw there): nodes apart edit
 * the same product, some fields the same, and the field-level merge must agree everywhere. Node 0
 * is now and then the office (source priority).
 */
async function fieldEdit(rand: () => number, node: OutpostNode, n: number, by: string): Promise<Action | null> {
  const sku = pick(rand, SKUS)
  const key = `product/${sku}`
  const now = await node.read.history.value<Record<string, unknown>>(key)
  if (now === null) return null
  const field = pick(rand, ['name', 'name', 'barcodes', 'attributes'])
  const value =
    field === 'name'
      ? `${sku} ${pick(rand, ['blue', 'navy', 'red'])}`
      : field === 'barcodes'
        ? rand() < 0.7
          ? [pick(rand, BARCODES)]
          : []
        : { color: pick(rand, ['blue', 'red']) }
  const next = { ...now, [field]: value }
  const edit = editBetween(now, next, await node.read.history.fieldStamps(key))
  if (edit === null) return null
  const source = n === 0 && rand() < 0.5 ? 'office' : 'terminal'
  return { by, drafts: [op('catalog.products.upsert', { products: [next], edits: [edit], source })] }
}

/**
 * A manager rolls a count or a roll back to an earlier entry of its history, as this node sees
 * it (history.rollback): the fold refuses it where another node changed the records meanwhile.
 */
async function rollback(rand: () => number, node: OutpostNode, by: string): Promise<Action | null> {
  const counts = await node.read.counting.counts(20)
  const rolls = await node.read.stock.rollsAt(pick(rand, LOCATIONS), 20)
  const refs = [...counts.map((c) => `count/${c.id}`), ...rolls.map((r) => `roll/${r.code}`)]
  if (refs.length === 0) return null
  const ref = pick(rand, refs)
  const entries = (await node.read.history.entries(ref, { limit: 20 })).entries.filter((e) => e.status === 'applied')
  if (entries.length < 2) return null
  try {
    const proposal = await proposeRollback(node.read.history, ref, pick(rand, entries.slice(1)).seq, 'rolled back', 'terminal')
    return { by, drafts: proposal.drafts }
  } catch {
    return null // nothing this node could roll back there: the manager does something else
  }
}

async function catalog(rand: () => number, node: OutpostNode, n: number, by: string): Promise<Action> {
  const choice = rand()
  if (choice < 0.6) {
    const edit = await fieldEdit(rand, node, n, by)
    if (edit !== null) return edit
  }
  if (choice < 0.75) {
    const back = await rollback(rand, node, by)
    if (back !== null) return back
  }
  if (rand() < 0.6) {
    const sku = pick(rand, SKUS)
    const unit = rand() < 0.15 ? 'pcs' : PRODUCTS[sku] // now and then a unit change, which the fold refuses
    return { by, drafts: [op('catalog.products.upsert', { products: [product(sku, unit, rand() < 0.7 ? [pick(rand, BARCODES)] : [])] })] }
  }
  const code = pick(rand, LOCATIONS)
  return {
    by,
    drafts: [op('catalog.locations.upsert', { locations: [{ code, barcode: pick(rand, [null, ...BARCODES]), rack: 'R', bin: '01' }] })],
  }
}

function printing(rand: () => number, n: number, pools: Pools): Action {
  const choice = rand()
  const job = () => (pools.jobs.length === 0 ? '0000000000000000-none' : pick(rand, pools.jobs))
  if (choice < 0.45 || pools.jobs.length === 0) {
    const copyOf = pools.jobs.length > 0 && rand() < 0.2 ? job() : null
    const document = { kind: 'location-label', code: pick(rand, LOCATIONS), rack: 'A', bin: '01' }
    return { by: 'pia', drafts: [op('printing.queue', { printer: pick(rand, PRINTERS), document, copyOf })] }
  }
  if (choice < 0.65) return { by: 'pia', drafts: [op('printing.cancel', { job: job() })] }
  // the node a printer hangs on records its prints; another node trying it is refused
  if (choice < 0.95) return { by: '@system', drafts: [op('printing.printed', { job: job(), copy: rand() < 0.2 })] }
  return {
    by: '@system',
    drafts: [op('printing.announce', { id: pick(rand, PRINTERS), name: `Printer of n${n}`, profile: 'escpos-80-tr' })],
  }
}

function notesAndPeople(rand: () => number, pools: Pools): Action {
  const people = ['ali', 'bea', 'cem']
  const choice = rand()
  if (choice < 0.35 || pools.notes.length === 0)
    return { by: pick(rand, ['admin', 'pia']), drafts: [op('notes.post', { text: `note ${Math.floor(rand() * 1e6)}` })] }
  if (choice < 0.6) return { by: pick(rand, ['admin', 'pia']), drafts: [op('notes.archive', { noteId: pick(rand, pools.notes) })] }
  if (choice < 0.8)
    return { by: 'admin', drafts: [op('people.add', { id: pick(rand, people), name: 'Someone', role: 'picker', pinHash: PIN })] }
  const role = pick(rand, ['picker', 'kitchen', 'manager'] as const)
  return { by: 'admin', drafts: [op('people.setRole', { id: pick(rand, [...people, 'max']), role })] }
}
