import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OperationDraft } from '../../protocol/index.js'
import type { OutpostNode } from '../../daemon/node.js'
import { verifyView } from '../../daemon/verify.js'
import { InProcessSite } from '../helpers/in-process-site.js'

/**
 * A roll shipped with an order, then found on a shelf by a count: it did not leave with that
 * order. Seen (convergence property test, seed 253219567): R-2 shipped with SO-2, a count found
 * it and booked it back, it shipped again with SO-5; the stock check then said "SO-5 shipped it,
 * and so did order SO-2" for good, with no conflict to settle it.
 */
let site: InProcessSite
let node: OutpostNode
const run = async (...drafts: OperationDraft[]) => node.append(node.stamp(drafts, 'admin'))
const op = (type: string, payload: unknown): OperationDraft => ({ type, payload })
const order = (id: string) => op('orders.create', { id, customer: null, lines: [{ sku: 'POP', quality: null, color: null, milli: 5000 }] })

beforeEach(async () => {
  site = await InProcessSite.create(1)
  node = site.nodes[0]!
  await run(
    op('catalog.products.upsert', { products: [{ sku: 'POP', name: 'Poplin', unit: 'm', barcodes: [], attributes: {} }] }),
    op('catalog.locations.upsert', { locations: [{ code: 'A-01', barcode: null, rack: 'A', bin: '01' }] }),
    op('stock.receive', { sku: 'POP', lot: 'L1', location: 'A-01', supplier: null, rolls: [{ code: 'R-1', milli: 5000 }] }),
    order('SO-A'),
    order('SO-B'),
  )
})
afterEach(() => site.close())

describe('count.approve: a roll found after it shipped', () => {
  it('the order it shipped with loses it (a short pick says why), and shipping it again leaves the stock check clean', async () => {
    await run(op('orders.fulfil', { order: 'SO-A', rolls: ['R-1'] }))
    await run(
      op('counting.open', { session: 'C-1', location: 'A-01' }),
      op('counting.scan', { session: 'C-1', codes: ['R-1'] }),
      op('counting.approve', { session: 'C-1', variances: [{ roll: 'R-1', kind: 'found' }] }),
    )
    const [shippedA] = await node.read.orders.orders('fulfilled', 10)
    expect(shippedA?.fulfilled?.rolls.map((r) => r.code)).toEqual([])
    expect(shippedA?.shorts).toEqual([{ line: 0, roll: 'R-1', reason: 'roll R-1 was found at A-01 by count C-1', person: 'admin' }])
    await run(op('orders.fulfil', { order: 'SO-B', rolls: ['R-1'] }))
    const check = await node.read.stock.check()
    expect(check).toMatchObject({ differences: [], units: [], orders: [] })
    expect((await node.read.conflicts.conflicts(false, 10)).filter((c) => c.kind === 'left-twice')).toEqual([])
    expect((await verifyView(node)).consistent).toBe(true)
  })

  it('a roll that left twice, was found and shipped again: settling the conflict leaves its last shipment alone', async () => {
    // seen (convergence property test, seed 725296969): the settlement put the roll back as gone
    // with the departure it kept, over the later shipment, so the roll named an order that no
    // longer listed it
    await run(order('SO-C'), op('orders.fulfil', { order: 'SO-A', rolls: ['R-1'] }))
    await run(op('orders.fulfil', { order: 'SO-B', rolls: ['R-1'] }))
    const [conflict] = (await node.read.conflicts.conflicts(true, 10)).filter((c) => c.kind === 'left-twice')
    await run(
      op('counting.open', { session: 'C-1', location: 'A-01' }),
      op('counting.scan', { session: 'C-1', codes: ['R-1'] }),
      op('counting.approve', { session: 'C-1', variances: [{ roll: 'R-1', kind: 'found' }] }),
    )
    await run(op('orders.fulfil', { order: 'SO-C', rolls: ['R-1'] }))
    const kept = conflict!.unit!.departures[0]!.op
    await run(op('conflicts.resolve', { conflict: conflict!.id, note: 'decided', correction: null, kept }))
    expect(await node.read.stock.roll('R-1')).toMatchObject({ state: 'gone', order: 'SO-C' })
    expect(await node.read.stock.check()).toMatchObject({ differences: [], units: [], orders: [] })
    expect((await verifyView(node)).consistent).toBe(true)
  })

  // Known defect, not fixed yet (convergence property test, seed 2094200752): R-2 shipped with SO-1
  // on one node and SO-5 on another; the second shipment opened a left-twice conflict and took
  // B-01 to -5 m, a negative-balance conflict. A manager corrected that balance back to zero (+5 m),
  // then the left-twice settlement booked the other departure back again (+5 m): B-01 stays at
  // 5 m with no roll there. Both conflicts book back the same second departure. it.fails until the
  // fold books it back once; then make it a plain it.
  it.fails('a roll that left twice: the negative balance corrected and the conflict settled book it back once', async () => {
    await run(op('orders.fulfil', { order: 'SO-A', rolls: ['R-1'] }))
    await run(op('orders.fulfil', { order: 'SO-B', rolls: ['R-1'] }))
    const open = await node.read.conflicts.conflicts(true, 10)
    const twice = open.find((c) => c.kind === 'left-twice')!
    const negative = open.find((c) => c.kind === 'negative-balance')!
    expect(negative.balance).toMatchObject({ location: 'A-01', milli: -5000 })
    await run(op('conflicts.resolve', { conflict: negative.id, note: 'back to zero', correction: 5000, kept: null }))
    const kept = twice.unit!.departures[0]!.op
    await run(op('conflicts.resolve', { conflict: twice.id, note: 'decided', correction: null, kept }))
    expect(await node.read.stock.roll('R-1')).toMatchObject({ state: 'gone', order: 'SO-A' })
    expect(await node.read.stock.check()).toMatchObject({ differences: [], units: [], orders: [] })
  })

  it('a roll a count had recorded as lost is found without touching any order', async () => {
    await run(
      op('counting.open', { session: 'C-1', location: 'A-01' }),
      op('counting.approve', { session: 'C-1', variances: [{ roll: 'R-1', kind: 'missing' }] }),
      op('counting.open', { session: 'C-2', location: 'A-01' }),
      op('counting.scan', { session: 'C-2', codes: ['R-1'] }),
      op('counting.approve', { session: 'C-2', variances: [{ roll: 'R-1', kind: 'found' }] }),
    )
    const orders = await node.read.orders.orders(undefined, 10)
    expect(orders.map((o) => o.shorts)).toEqual([[], []])
    expect(await node.read.stock.check()).toMatchObject({ differences: [], units: [], orders: [] })
  })
})
