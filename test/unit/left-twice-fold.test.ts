import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ConflictRecord, OperationDraft } from '../../protocol/index.js'
import type { OutpostNode } from '../../daemon/node.js'
import { verifyView } from '../../daemon/verify.js'
import { InProcessSite } from '../helpers/in-process-site.js'

/**
 * SPEC "Conflicts" rule 3: a unit recorded as leaving twice is a conflict, even where the
 * balance stays positive. One node folds, in order, what two nodes did apart (the linearized
 * order a partition leaves): a 3 m roll and a 10 m one in lot L1, so the lot stays
 * positive when R-1 leaves twice, as in issue #14 (2,515.5 m kept against 2,518.5 m of rolls).
 */

let site: InProcessSite
let node: OutpostNode
const run = async (...drafts: OperationDraft[]) => node.append(node.stamp(drafts, 'admin'))
const op = (type: string, payload: unknown): OperationDraft => ({ type, payload })
const order = (id: string) => op('orders.create', { id, customer: null, lines: [{ sku: 'POP', quality: null, color: null, milli: 3000 }] })
const fulfil = (id: string, ...rolls: string[]) => op('orders.fulfil', { order: id, rolls })
const resolve = (conflict: string, kept: string | null, correction: number | null = null) =>
  op('conflicts.resolve', { conflict, note: 'decided', correction, kept })
const conflicts = async (kind?: ConflictRecord['kind']) =>
  (await node.read.conflicts.conflicts(false, 100)).filter((c) => kind === undefined || c.kind === kind)
const onHand = async () => (await node.read.stock.balances('POP'))[0]!

beforeEach(async () => {
  site = await InProcessSite.create(1)
  node = site.nodes[0]!
  await run(
    op('catalog.products.upsert', { products: [{ sku: 'POP', name: 'Poplin', unit: 'm', barcodes: [], attributes: {} }] }),
    op('catalog.locations.upsert', { locations: [{ code: 'A-01', barcode: null, rack: 'A', bin: '01' }] }),
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
    order('SO-A'),
    order('SO-B'),
  )
})
afterEach(() => site.close())

/** How R-1 stands when SO-A's fulfilment listing it is folded. */
const BEFORE: Record<string, OperationDraft[]> = {
  'in stock, held by nobody': [],
  'held for SO-A': [op('orders.reserve', { order: 'SO-A', line: 0, rolls: ['R-1'] })],
  'held for SO-B': [op('orders.reserve', { order: 'SO-B', line: 0, rolls: ['R-1'] })],
  'picked for SO-B': [op('picking.scan', { order: 'SO-B', roll: 'R-1', location: 'A-01' })],
  'gone with SO-B': [op('picking.scan', { order: 'SO-B', roll: 'R-1', location: 'A-01' }), fulfil('SO-B', 'R-1')],
  'lost by a count': [
    op('counting.open', { session: 'C-1', location: 'A-01' }),
    op('counting.scan', { session: 'C-1', codes: ['R-2'] }),
    op('counting.approve', { session: 'C-1', variances: [{ roll: 'R-1', kind: 'missing' }] }),
  ],
}

describe('orders.fulfil: a roll that left already opens a left-twice conflict', () => {
  const cases: Array<{ before: string; leftTwice: string[] | null; onHand: number; reserved: number }> = [
    { before: 'in stock, held by nobody', leftTwice: null, onHand: 10_000, reserved: 0 },
    { before: 'held for SO-A', leftTwice: null, onHand: 10_000, reserved: 0 },
    // the hold leaves with the roll: before, SO-B held a gone roll and 3 m stayed reserved for good
    { before: 'held for SO-B', leftTwice: null, onHand: 10_000, reserved: 0 },
    // not gone yet: the roll left once (SO-B's own fulfilment would be the second departure)
    { before: 'picked for SO-B', leftTwice: null, onHand: 10_000, reserved: 0 },
    { before: 'gone with SO-B', leftTwice: ['SO-B', 'SO-A'], onHand: 7000, reserved: 0 },
    { before: 'lost by a count', leftTwice: ['C-1', 'SO-A'], onHand: 7000, reserved: 0 },
  ]
  for (const c of cases) {
    it(`R-1 ${c.before}: ${c.leftTwice === null ? 'leaves once' : 'left twice'}`, async () => {
      const before = BEFORE[c.before]!
      if (before.length > 0) await run(...before)
      await run(fulfil('SO-A', 'R-1'))
      expect(await onHand()).toMatchObject({ milli: c.onHand, reserved: c.reserved })
      const found = await conflicts('left-twice')
      const check = await node.read.stock.check()
      expect(check.differences).toEqual([])
      if (c.leftTwice === null) {
        expect(found).toEqual([])
        expect((await node.read.stock.roll('R-1'))!).toMatchObject({ state: 'gone', order: 'SO-A', left: { order: 'SO-A' } })
        if (c.before !== 'picked for SO-B') expect(check).toMatchObject({ units: [], orders: [] })
        expect((await node.read.orders.order('SO-B'))!.held).toEqual([])
        // the outbox hears SO-B's hold end, as for any release
        if (c.before === 'held for SO-B')
          expect((await node.read.events.events(-1, 100)).filter((e) => e.order === 'SO-B').map((e) => e.type)).toEqual([
            'order.created',
            'reservation.created',
            'reservation.released',
          ])
        return
      }
      // listed with both departures, in fold order; the balance stays positive yet is flagged
      expect(found).toHaveLength(1)
      expect(found[0]!.unit!.departures.map((d) => d.order ?? d.count)).toEqual(c.leftTwice)
      expect(found[0]).toMatchObject({
        op: { type: 'orders.fulfil' },
        resolution: null,
        reason: expect.stringMatching(/^roll R-1 left 2 times/),
      })
      expect(await conflicts('negative-balance')).toEqual([])
      // the check holds the balance against its rolls: 7 m kept, 10 m of rolls on the shelf
      expect(check.units).toEqual([{ key: 'POP/A-01/L1 on hand', balance: 7000, rolls: 10_000 }])
    })
  }

  it('a third departure joins the open conflict: one conflict per unit, every departure listed', async () => {
    await run(order('SO-C'), ...BEFORE['gone with SO-B']!, fulfil('SO-A', 'R-1'), fulfil('SO-C', 'R-1'))
    const [conflict, ...more] = await conflicts()
    expect(more).toEqual([])
    expect(conflict!.unit!.departures.map((d) => d.order)).toEqual(['SO-B', 'SO-A', 'SO-C'])
    expect((await node.read.stock.check()).orders).toEqual([
      { order: 'SO-B', roll: 'R-1', problem: 'shipped it, and so did order SO-A' },
      { order: 'SO-C', roll: 'R-1', problem: 'shipped it, and so did order SO-A' },
    ])
  })
})

describe('conflicts.resolve on a left-twice conflict: the departure that stands, the others booked back', () => {
  const outcomes: Array<{ before: string; kept: string; roll: object; unshipped: string[] }> = [
    { before: 'gone with SO-B', kept: 'SO-B', roll: { state: 'gone', order: 'SO-B' }, unshipped: ['SO-A'] },
    { before: 'gone with SO-B', kept: 'SO-A', roll: { state: 'gone', order: 'SO-A' }, unshipped: ['SO-B'] },
    { before: 'lost by a count', kept: 'C-1', roll: { state: 'lost', order: null }, unshipped: ['SO-A'] },
    { before: 'lost by a count', kept: 'SO-A', roll: { state: 'gone', order: 'SO-A' }, unshipped: [] },
  ]
  for (const o of outcomes) {
    it(`R-1 ${o.before}, then shipped with SO-A; ${o.kept} kept it`, async () => {
      await run(...BEFORE[o.before]!, fulfil('SO-A', 'R-1'))
      const [conflict] = await conflicts('left-twice')
      const kept = conflict!.unit!.departures.find((d) => d.order === o.kept || d.count === o.kept)!
      await run(resolve(conflict!.id, kept.op))
      const [after] = await conflicts('left-twice')
      expect(after!.resolution).toMatchObject({ by: 'admin', kept: kept.op, correction: null })
      expect(await node.read.stock.roll('R-1')).toMatchObject({ ...o.roll, left: kept })
      // one compensating entry, so the lot equals its rolls again
      const [newest] = await node.read.stock.recentLedger(1)
      expect(newest).toMatchObject({ type: 'MANUAL_CORRECTION', roll: 'R-1', milli: 3000, source: after!.resolution!.op })
      expect(await onHand()).toMatchObject({ milli: 10_000 })
      for (const id of o.unshipped) {
        const loser = (await node.read.orders.order(id))!
        expect(loser.fulfilled!.rolls).toEqual([])
        expect(loser.shorts).toEqual([{ line: 0, roll: 'R-1', reason: expect.stringContaining(`left with `), person: 'admin' }])
      }
      expect(await node.read.stock.check()).toMatchObject({ differences: [], units: [], orders: [] })
      expect((await verifyView(node)).consistent).toBe(true)
    })
  }

  it('refuses, with the reason: no departure named, an amount, a stranger departure, a second resolution', async () => {
    await run(...BEFORE['gone with SO-B']!, fulfil('SO-A', 'R-1'))
    const [conflict] = await conflicts('left-twice')
    const refusal = (draft: OperationDraft) =>
      node.check(node.stamp([draft], 'admin')).then(
        () => 'accepted',
        (e: Error) => e.message,
      )
    expect(await refusal(resolve(conflict!.id, null))).toBe('roll R-1 left twice: say which departure stands')
    const first = conflict!.unit!.departures[0]!.op
    expect(await refusal(resolve(conflict!.id, first, 3000))).toBe('roll R-1 left twice: name the departure that stands, not an amount')
    expect(await refusal(resolve(conflict!.id, 'not-an-op'))).toBe('not-an-op is not a departure of roll R-1')
    await run(resolve(conflict!.id, first))
    expect(await refusal(resolve(conflict!.id, first))).toMatch(/was resolved already by admin/)
    // a conflict of another kind never names a departure
    await run(order('SO-D'), order('SO-E'), fulfil('SO-D', 'R-2'), fulfil('SO-E', 'R-2'))
    const negative = (await conflicts('negative-balance'))[0]!
    expect(await refusal(resolve(negative.id, first))).toBe('only a unit that left twice names a departure to keep')
  })
})
