import type { ConflictRecord, OperationDraft } from '../../../protocol/index.js'
import type { OutpostNode } from '../../../daemon/node.js'

/**
 * The state every fold table starts from, folded for real on a one-node site:
 * - people: admin (the founder's), pia (picker), kim (kitchen), max (manager); ria was removed;
 * - catalog: POP (m, barcode 8690000000011), KET (kg); locations A-01 (barcode LOC-A01), B-01; partner SUP;
 * - rolls of POP lot L1 at A-01: R-1 and R-6 free, R-2 held for SO-1, R-3 picked for SO-1,
 *   R-4 gone with SO-3, R-5 lost by count C-L; K-1 (KET) free at A-01; R-9 (POP lot L9, the
 *   only roll at B-01) left with SO-5 and SO-6;
 * - orders SO-1, SO-2, SO-5 open, SO-3 fulfilled, SO-4 cancelled, SO-6 fulfilled;
 * - counts: C-L approved, C-X cancelled, C-O open at A-01 (no scans);
 * - conflicts: R-9 left twice, B-01's balance below zero, and two rejected picks (one resolved);
 * - notes by pia and by admin; printer p-1 on this node with a queued job.
 */
export interface Fixture {
  node: OutpostNode
  conflicts: ConflictRecord[]
  notes: { pia: string; admin: string }
  job: string
  /** Keys of no writer yet, for rows about other nodes. */
  keys: { a: string; b: string }
}

export const PIN = `scrypt$16384$8$1$${'0'.repeat(32)}$${'1'.repeat(64)}`
export const product = (sku: string, unit = 'm', barcodes: string[] = []) => ({
  sku,
  name: `Product ${sku}`,
  unit,
  barcodes,
  attributes: {},
})
export const line = (sku = 'POP') => ({ sku, quality: null, color: null, milli: 5000 })
export const locationLabel = { kind: 'location-label', code: 'A-01', rack: 'A', bin: '01' }
const d = (type: string, payload: unknown): OperationDraft => ({ type, payload })

export async function buildFixture(node: OutpostNode): Promise<Fixture> {
  const run = async (by: string, ...drafts: OperationDraft[]) => node.append(node.stamp(drafts, by))
  await run(
    'admin',
    ...[
      ['pia', 'picker'],
      ['kim', 'kitchen'],
      ['max', 'manager'],
      ['ria', 'picker'],
    ].map(([id, role]) => d('people.add', { id, name: id, role, pinHash: PIN })),
    d('people.remove', { id: 'ria' }),
  )
  await run(
    'max',
    d('catalog.products.upsert', { products: [product('POP', 'm', ['8690000000011']), product('KET', 'kg')] }),
    d('catalog.locations.upsert', {
      locations: [
        { code: 'A-01', barcode: 'LOC-A01', rack: 'A', bin: '01' },
        { code: 'B-01', barcode: null, rack: 'B', bin: '01' },
      ],
    }),
    d('catalog.partners.upsert', { partners: [{ code: 'SUP', name: 'Supplier', kind: 'both' }] }),
  )
  const rolls = ['R-1', 'R-2', 'R-3', 'R-4', 'R-5', 'R-6'].map((code) => ({ code, milli: 5000 }))
  await run(
    'pia',
    d('stock.receive', { sku: 'POP', lot: 'L1', location: 'A-01', supplier: 'SUP', rolls }),
    d('stock.receive', { sku: 'KET', lot: 'K1', location: 'A-01', supplier: null, rolls: [{ code: 'K-1', milli: 2000 }] }),
    d('stock.receive', { sku: 'POP', lot: 'L9', location: 'B-01', supplier: null, rolls: [{ code: 'R-9', milli: 1000 }] }),
  )
  await run(
    'max',
    ...['SO-1', 'SO-2', 'SO-3', 'SO-4', 'SO-5', 'SO-6'].map((id) => d('orders.create', { id, customer: 'SUP', lines: [line()] })),
  )
  await run(
    'max',
    d('orders.reserve', { order: 'SO-1', line: 0, rolls: ['R-2'] }),
    d('orders.cancel', { order: 'SO-4', reason: 'changed' }),
  )
  await run(
    'pia',
    d('picking.scan', { order: 'SO-1', roll: 'R-3', location: 'A-01' }),
    d('orders.fulfil', { order: 'SO-3', rolls: ['R-4'] }),
    d('counting.open', { session: 'C-L', location: 'A-01' }),
    d('counting.open', { session: 'C-X', location: 'A-01' }),
    d('counting.cancel', { session: 'C-X', reason: 'wrong shelf' }),
    d('counting.open', { session: 'C-O', location: 'A-01' }),
  )
  await run('max', d('counting.approve', { session: 'C-L', variances: [{ roll: 'R-5', kind: 'missing' }] }))
  // R-9 leaves twice (two nodes that did not see each other would do this): left-twice and a negative balance
  await run('pia', d('orders.fulfil', { order: 'SO-5', rolls: ['R-9'] }))
  await run('pia', d('orders.fulfil', { order: 'SO-6', rolls: ['R-9'] }))
  // two picks the fold refuses become 'rejected' conflicts; one is settled
  await run('pia', d('picking.scan', { order: 'SO-2', roll: 'R-4', location: 'A-01' }))
  await run('pia', d('picking.scan', { order: 'SO-2', roll: 'R-3', location: 'A-01' }))
  let conflicts = await node.read.conflicts.conflicts(false, 100)
  const settled = conflicts.find((c) => c.kind === 'rejected' && c.reason.includes('R-3'))!
  await run('max', d('conflicts.resolve', { conflict: settled.id, note: 'looked at it', correction: null, kept: null }))
  conflicts = await node.read.conflicts.conflicts(false, 100)
  const [piaNote] = node.stamp([d('notes.post', { text: 'by pia' })], 'pia')
  const [adminNote] = node.stamp([d('notes.post', { text: 'by admin' })], 'admin')
  await node.append([piaNote!, adminNote!])
  const [announce] = node.stamp([d('printing.announce', { id: 'p-1', name: 'Shelf printer', profile: 'escpos-80-tr' })], '@system')
  const [job] = node.stamp([d('printing.queue', { printer: 'p-1', document: locationLabel, copyOf: null })], 'pia')
  await node.append([announce!, job!])
  const audit = await node.read.system.audit({ limit: 1000 })
  const refused = audit.filter((e) => e.status === 'rejected')
  if (refused.length !== 2) throw new Error(`the fixture expects exactly its two refused picks, got ${JSON.stringify(refused)}`)
  return {
    node,
    conflicts,
    notes: { pia: piaNote!.id, admin: adminNote!.id },
    job: job!.id,
    keys: { a: 'a1'.repeat(32), b: 'b2'.repeat(32) },
  }
}
