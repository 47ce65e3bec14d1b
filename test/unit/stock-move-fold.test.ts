import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OperationDraft } from '../../protocol/index.js'
import type { OutpostNode } from '../../daemon/node.js'
import { verifyView } from '../../daemon/verify.js'
import { InProcessSite } from '../helpers/in-process-site.js'

/**
 * What a move writes: the roll's shelf, a TRANSFER_OUT and a TRANSFER_IN (and the hold of a
 * held roll, released and allocated again), balances that follow the roll, and a stock.check
 * that still agrees. The guards are in fold/stock-move.test.ts.
 */

let site: InProcessSite
let node: OutpostNode
const run = async (by: string, ...drafts: OperationDraft[]) => node.append(node.stamp(drafts, by))
const op = (type: string, payload: unknown): OperationDraft => ({ type, payload })
const move = (roll: string, from: string, to: string) => op('stock.move', { roll, from, to })
const at = async (location: string) =>
  (await node.read.stock.balances('POP')).filter((b) => b.location === location).map(({ milli, reserved }) => ({ milli, reserved }))

beforeEach(async () => {
  site = await InProcessSite.create(1)
  node = site.nodes[0]!
  await run(
    'admin',
    op('catalog.products.upsert', { products: [{ sku: 'POP', name: 'Poplin', unit: 'm', barcodes: [], attributes: {} }] }),
    op('catalog.locations.upsert', {
      locations: ['A-01', 'B-01', 'C-01'].map((code) => ({ code, barcode: null, rack: code[0], bin: '01' })),
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
    op('orders.create', { id: 'SO-1', customer: null, lines: [{ sku: 'POP', quality: null, color: null, milli: 10_000 }] }),
    op('orders.reserve', { order: 'SO-1', line: 0, rolls: ['R-2'] }),
  )
})
afterEach(() => site.close())

describe('stock.move', () => {
  it('moves the roll and its length: a TRANSFER_OUT where it was, a TRANSFER_IN where it goes, stock.check consistent', async () => {
    await run('admin', move('R-1', 'A-01', 'B-01'))
    expect(await node.read.stock.roll('R-1')).toMatchObject({ location: 'B-01', state: 'in-stock', order: null })
    const ledger = (await node.read.stock.recentLedger(2)).reverse()
    expect(ledger).toMatchObject([
      { type: 'TRANSFER_OUT', location: 'A-01', roll: 'R-1', milli: -3000, person: 'admin' },
      { type: 'TRANSFER_IN', location: 'B-01', roll: 'R-1', milli: 3000, person: 'admin' },
    ])
    expect(await at('A-01')).toEqual([{ milli: 10_000, reserved: 10_000 }])
    expect(await at('B-01')).toEqual([{ milli: 3000, reserved: 0 }])
    expect((await node.read.stock.rollsAt('B-01')).map((r) => r.code)).toEqual(['R-1'])
    expect((await node.read.stock.rollsAt('A-01')).map((r) => r.code)).toEqual(['R-2'])
    const check = await node.read.stock.check()
    expect([check.differences, check.units, check.orders]).toEqual([[], [], []])
    expect((await verifyView(node)).consistent).toBe(true)
  })

  it('a held roll takes its hold along: the order still holds it, reserved at its new shelf, and it is picked there', async () => {
    await run('admin', move('R-2', 'A-01', 'C-01'))
    expect(await node.read.stock.roll('R-2')).toMatchObject({ location: 'C-01', order: 'SO-1' })
    expect(await at('A-01')).toEqual([{ milli: 3000, reserved: 0 }])
    expect(await at('C-01')).toEqual([{ milli: 10_000, reserved: 10_000 }])
    const check = await node.read.stock.check()
    expect([check.differences, check.units, check.orders]).toEqual([[], [], []])
    await run('admin', op('picking.scan', { order: 'SO-1', roll: 'R-2', location: 'C-01' }))
    expect(await node.read.stock.roll('R-2')).toMatchObject({ state: 'picked', location: 'C-01' })
  })

  it('two moves of one roll from the same shelf (two nodes apart): the first stands, the second is a rejected conflict naming where the roll is', async () => {
    await run('admin', move('R-1', 'A-01', 'B-01'))
    await run('admin', move('R-1', 'A-01', 'C-01'))
    expect(await node.read.stock.roll('R-1')).toMatchObject({ location: 'B-01' })
    const conflicts = await node.read.conflicts.conflicts(true, 10)
    expect(conflicts).toMatchObject([{ kind: 'rejected', op: { type: 'stock.move' }, reason: 'roll R-1 is recorded at B-01, not A-01' }])
    expect(await at('C-01')).toEqual([])
    const check = await node.read.stock.check()
    expect([check.differences, check.units, check.orders]).toEqual([[], [], []])
  })
})
