import { describe, expect, it } from 'vitest'
import { foldTable, op, useFixture } from './table.js'

/**
 * Undo (issue #21): a person's own last pick, count scan or receipt is taken back by a new
 * operation, never an edit, and the fold's guards decide whether it still holds.
 */
const unpick = (order: string, roll: string) => op('picking.unpick', { order, roll }, 'pia')
const unscan = (session: string, code: string, by = 'pia') => op('counting.unscan', { session, code }, by)
const unreceive = (rolls: string[], by = 'pia') => op('stock.unreceive', { rolls }, by)
const pick = (order: string, roll: string) => op('picking.scan', { order, roll, location: 'A-01' }, 'pia')
const scan = (session: string, ...codes: string[]) => op('counting.scan', { session, codes }, 'pia')

foldTable('undo: every rejection reason of picking.unpick, counting.unscan and stock.unreceive', [
  // a pick: R-3 is picked for SO-1 in the fixture
  { reason: 'roll R-1 is not picked for order SO-1', attempt: () => unpick('SO-1', 'R-1'), allowed: () => unpick('SO-1', 'R-3') },
  { reason: 'roll R-3 is not picked for order SO-2', attempt: () => unpick('SO-2', 'R-3'), allowed: () => unpick('SO-1', 'R-3') },
  {
    reason: 'order SO-2 is fulfilled already',
    name: 'unpick: the order shipped meanwhile',
    given: () => [pick('SO-2', 'R-1'), op('orders.fulfil', { order: 'SO-2', rolls: ['R-1'] }, 'pia')],
    attempt: () => unpick('SO-2', 'R-1'),
    allowedGiven: () => [pick('SO-2', 'R-1')],
    allowed: () => unpick('SO-2', 'R-1'),
  },
  { reason: 'no roll R-404', attempt: () => unpick('SO-1', 'R-404'), allowed: () => unpick('SO-1', 'R-3') },
  // a count scan: C-O is open at A-01 with no scans
  {
    reason: 'R-1 was not scanned in count C-O',
    given: () => [scan('C-O', 'R-6')],
    attempt: () => unscan('C-O', 'R-1'),
    allowed: () => unscan('C-O', 'R-6'),
  },
  {
    reason: 'count session C-L is approved already',
    attempt: () => unscan('C-L', 'R-1'),
    given: () => [scan('C-O', 'R-1')],
    allowed: () => unscan('C-O', 'R-1'),
  },
  // a receipt: pia received R-1..R-6 and K-1
  { reason: 'roll R-4 left already, with order SO-3', attempt: () => unreceive(['R-4']), allowed: () => unreceive(['R-1']) },
  { reason: 'roll R-2 is held for order SO-1', attempt: () => unreceive(['R-1', 'R-2']), allowed: () => unreceive(['R-1', 'R-6']) },
  { reason: 'roll R-3 is picked for order SO-1', attempt: () => unreceive(['R-3']), allowed: () => unreceive(['R-6']) },
  { reason: 'roll R-5 is lost', attempt: () => unreceive(['R-5']), allowed: () => unreceive(['R-6']) },
  {
    reason: 'roll R-1 was received by pia, not by max',
    attempt: () => unreceive(['R-1'], 'max'),
    allowed: () => unreceive(['R-1'], 'pia'),
  },
  { reason: 'no roll R-404', name: 'unreceive: no roll R-404', attempt: () => unreceive(['R-404']), allowed: () => unreceive(['K-1']) },
])

describe('undo writes what it says', () => {
  const fixture = useFixture()
  it('unreceive: the roll leaves the records, its code is free, and a MANUAL_CORRECTION takes its quantity back', async () => {
    const { node } = fixture()
    const before = (await node.read.stock.balances('KET')).find((b) => b.location === 'A-01')!.milli
    await node.append(node.stamp([{ type: 'stock.unreceive', payload: { rolls: ['K-1'] } }], 'pia'))
    expect(await node.read.stock.roll('K-1')).toBeNull()
    expect(await node.read.catalog.code('K-1')).toBeNull()
    const after = (await node.read.stock.balances('KET')).find((b) => b.location === 'A-01')!.milli
    expect(after).toBe(before - 2000)
    const last = (await node.read.stock.recentLedger(1))[0]!
    expect(last).toMatchObject({ type: 'MANUAL_CORRECTION', roll: 'K-1', milli: -2000 })
    const check = await node.read.stock.check()
    expect(check.differences).toEqual([])
    expect(check.units.filter((u) => u.key.startsWith('KET'))).toEqual([])
  })
  it('unpick: the roll is back in stock on its shelf and off the order', async () => {
    const { node } = fixture()
    await node.append(node.stamp([{ type: 'picking.unpick', payload: { order: 'SO-1', roll: 'R-3' } }], 'pia'))
    expect(await node.read.stock.roll('R-3')).toMatchObject({ state: 'in-stock', order: null, location: 'A-01' })
    expect((await node.read.orders.order('SO-1'))!.picked).not.toContain('R-3')
  })
  it('unscan: only the last scan of that code leaves the count', async () => {
    const { node } = fixture()
    await node.append(node.stamp([{ type: 'counting.scan', payload: { session: 'C-O', codes: ['R-1', 'R-6', 'R-1'] } }], 'pia'))
    await node.append(node.stamp([{ type: 'counting.unscan', payload: { session: 'C-O', code: 'R-1' } }], 'pia'))
    expect((await node.read.counting.count('C-O'))!.scans).toEqual(['R-1', 'R-6'])
  })
})
