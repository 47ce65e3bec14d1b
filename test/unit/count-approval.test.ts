import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OperationDraft } from '../../protocol/index.js'
import type { OutpostNode } from '../../daemon/node.js'
import { InProcessSite } from '../helpers/in-process-site.js'

/**
 * A count approval is checked against the stock as it stands when it is folded (fold/count.ts,
 * countApprove): a variance that no longer holds, because the roll moved on another node while
 * the count was open, rejects the whole approval. Before this file, removing those three guards
 * left every stock, TUI and unit test green (issue #16): the one scenario that needs them is a
 * partition, and only a 30 s multi-process test came near it.
 *
 * One node folds, in order, what two nodes did apart (the order a partition leaves): node A
 * counts shelf A-01 and approves what it saw; node B, meanwhile, moved or shipped a roll.
 * Each case also folds the same approval where nothing happened meanwhile, and sees it applied,
 * so a rejection here is the guard's doing and not a broken setup.
 */

let site: InProcessSite
let node: OutpostNode
const run = async (...drafts: OperationDraft[]) => node.append(node.stamp(drafts, 'admin'))
const op = (type: string, payload: unknown): OperationDraft => ({ type, payload })
const count = (session: string, location: string, codes: string[]) => [
  op('counting.open', { session, location }),
  op('counting.scan', { session, codes }),
]
const approve = (session: string, roll: string, kind: 'missing' | 'moved-here' | 'found') =>
  op('counting.approve', { session, variances: [{ roll, kind }] })
const onHand = async (location: string) =>
  (await node.read.stock.balancesAt(location)).filter((b) => b.sku === 'POP').reduce((sum, b) => sum + b.milli, 0)
const lastOutcome = async () => (await node.read.system.audit({ limit: 1 }))[0]!

beforeEach(async () => {
  site = await InProcessSite.create(1)
  node = site.nodes[0]!
  await run(
    op('catalog.products.upsert', { products: [{ sku: 'POP', name: 'Poplin', unit: 'm', barcodes: [], attributes: {} }] }),
    op('catalog.locations.upsert', {
      locations: [
        { code: 'A-01', barcode: null, rack: 'A', bin: '01' },
        { code: 'B-01', barcode: null, rack: 'B', bin: '01' },
      ],
    }),
    op('stock.receive', {
      sku: 'POP',
      lot: 'L1',
      location: 'A-01',
      supplier: null,
      rolls: [
        { code: 'R-1', milli: 3000 },
        { code: 'R-2', milli: 10_000 },
      ],
    }),
    op('orders.create', { id: 'SO-B', customer: null, lines: [{ sku: 'POP', quality: null, color: null, milli: 3000 }] }),
  )
})
afterEach(() => site.close())

async function expectClean(): Promise<void> {
  const check = await node.read.stock.check()
  expect(check.differences, 'the ledger agrees with the rolls').toEqual([])
  expect(check.units, 'no balance differs from its rolls').toEqual([])
}

describe('count.approve: a variance that no longer holds rejects the approval', () => {
  it('missing: A saw R-1 missing from A-01, approved; applied when nothing moved meanwhile', async () => {
    await run(...count('C-1', 'A-01', ['R-2']), approve('C-1', 'R-1', 'missing'))
    expect(await lastOutcome()).toMatchObject({ type: 'counting.approve', status: 'applied' })
    expect(await node.read.stock.roll('R-1')).toMatchObject({ state: 'lost' })
    expect(await onHand('A-01')).toBe(10_000)
    await expectClean()
  })

  it('missing: meanwhile B shipped R-1; the approval is rejected, R-1 is not taken off twice', async () => {
    await run(...count('C-1', 'A-01', ['R-2']))
    await run(op('picking.scan', { order: 'SO-B', roll: 'R-1', location: 'A-01' }), op('orders.fulfil', { order: 'SO-B', rolls: ['R-1'] }))
    const shipped = await onHand('A-01')
    await run(approve('C-1', 'R-1', 'missing'))
    expect(await lastOutcome()).toMatchObject({
      type: 'counting.approve',
      status: 'rejected',
      reason: 'roll R-1 is no longer missing from A-01',
    })
    expect(await node.read.stock.roll('R-1')).toMatchObject({ state: 'gone', order: 'SO-B' })
    expect(await onHand('A-01'), 'on hand as after the shipment, not 3 m less again').toBe(shipped)
    expect((await node.read.counting.counts(10)).find((c) => c.id === 'C-1')).toMatchObject({ state: 'open' })
    await expectClean()
  })

  it('moved here: A found R-1 on B-01, approved; applied when nothing moved meanwhile', async () => {
    await run(...count('C-2', 'B-01', ['R-1']), approve('C-2', 'R-1', 'moved-here'))
    expect(await lastOutcome()).toMatchObject({ type: 'counting.approve', status: 'applied' })
    expect(await node.read.stock.roll('R-1')).toMatchObject({ state: 'in-stock', location: 'B-01' })
    expect([await onHand('A-01'), await onHand('B-01')]).toEqual([10_000, 3000])
    await expectClean()
  })

  it('moved here: meanwhile B shipped R-1; the approval is rejected, no transfer of a roll that left', async () => {
    await run(...count('C-2', 'B-01', ['R-1']))
    await run(op('picking.scan', { order: 'SO-B', roll: 'R-1', location: 'A-01' }), op('orders.fulfil', { order: 'SO-B', rolls: ['R-1'] }))
    const before = [await onHand('A-01'), await onHand('B-01')]
    await run(approve('C-2', 'R-1', 'moved-here'))
    expect(await lastOutcome()).toMatchObject({
      type: 'counting.approve',
      status: 'rejected',
      reason: 'roll R-1 is not recorded elsewhere any more',
    })
    expect(await node.read.stock.roll('R-1')).toMatchObject({ state: 'gone', location: 'A-01' })
    expect([await onHand('A-01'), await onHand('B-01')]).toEqual(before)
    await expectClean()
  })

  it('twice: two managers approved the same count apart; the second approval is rejected', async () => {
    await run(...count('C-1', 'A-01', ['R-2']), approve('C-1', 'R-1', 'missing'))
    await run(approve('C-1', 'R-1', 'missing'))
    expect(await lastOutcome()).toMatchObject({
      type: 'counting.approve',
      status: 'rejected',
      reason: 'count session C-1 is approved already',
    })
    expect(await onHand('A-01')).toBe(10_000)
    await expectClean()
  })

  it('found: A found lost R-1 back on A-01, approved; applied when nothing happened meanwhile', async () => {
    await run(...count('C-3', 'A-01', ['R-2']), approve('C-3', 'R-1', 'missing'))
    await run(...count('C-4', 'A-01', ['R-1', 'R-2']), approve('C-4', 'R-1', 'found'))
    expect(await lastOutcome()).toMatchObject({ type: 'counting.approve', status: 'applied' })
    expect(await node.read.stock.roll('R-1')).toMatchObject({ state: 'in-stock', location: 'A-01' })
    expect(await onHand('A-01')).toBe(13_000)
    await expectClean()
  })

  it('found: meanwhile another count found R-1 already; the second approval is rejected, R-1 is not added twice', async () => {
    await run(...count('C-3', 'A-01', ['R-2']), approve('C-3', 'R-1', 'missing'))
    await run(...count('C-4', 'A-01', ['R-1', 'R-2']), ...count('C-5', 'A-01', ['R-1', 'R-2']))
    await run(approve('C-4', 'R-1', 'found'))
    await run(approve('C-5', 'R-1', 'found'))
    expect(await lastOutcome()).toMatchObject({
      type: 'counting.approve',
      status: 'rejected',
      reason: 'roll R-1 is not recorded as lost or gone any more',
    })
    expect(await onHand('A-01'), '13 m of rolls on the shelf, not 16 m').toBe(13_000)
    await expectClean()
  })
})
