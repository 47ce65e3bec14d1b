import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'

// One daemon, one stock room: receive, order, pick, fulfil, count, all through the socket.
let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let manager: SocketClient
let picker: SocketClient
const rolls: Record<string, string[]> = {}

beforeAll(async () => {
  daemon = await startInProcessDaemon([{ id: 'ana', name: 'Ana', role: 'picker', pin: '2222' }])
  manager = await daemon.connect()
  await manager.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
  picker = await daemon.connect()
  await picker.call('session.signIn', { person: 'ana', pin: '2222' })
  await manager.call('catalog.upsert', {
    products: [
      { sku: 'POP-NV', name: 'Poplin lacivert', unit: 'm', barcodes: ['8690000000011'], attributes: { quality: 'A', color: 'lacivert' } },
      { sku: 'POP-BK', name: 'Poplin siyah', unit: 'm', barcodes: [], attributes: { quality: 'A', color: 'siyah' } },
    ],
    locations: [
      { code: 'A-01-1', barcode: 'LOC-A011', rack: 'A', bin: '01-1' },
      { code: 'A-01-2', barcode: 'LOC-A012', rack: 'A', bin: '01-2' },
      { code: 'B-02-1', barcode: null, rack: 'B', bin: '02-1' },
    ],
    partners: [{ code: 'CUS-1', name: 'Atlas Konfeksiyon', kind: 'customer' }],
  })
  const receive = async (key: string, product: string, location: string, quantity: string, count: number) => {
    rolls[key] = (await picker.call('stock.receive', { product, lot: 'L1', location, quantity, rolls: count, printer: null })).rolls
  }
  await receive('nvA2', '8690000000011', 'LOC-A012', '50', 3)
  await receive('nvA1', 'POP-NV', 'A-01-1', '40', 2)
  await receive('bk', 'POP-BK', 'B-02-1', '30', 2)
})
afterAll(async () => {
  manager.close()
  picker.close()
  await daemon.stop()
})

const balance = async (sku: string, location: string) =>
  (await manager.call('stock.balances', { sku })).find((b) => b.location === location) ?? { milli: 0, reserved: 0 }

describe('orders through the socket: hold, pick by scans, fulfil', () => {
  it('receive → order (rolls held by location) → pick → short → fulfil: exactly the picked rolls leave, the check is clean', async () => {
    const created = await manager.call('orders.create', {
      id: 'SO-1',
      customer: 'CUS-1',
      lines: [
        { product: 'POP-NV', quantity: '120' },
        { quality: 'A', color: 'siyah', quantity: '30 m' },
      ],
    })
    expect(created).toMatchObject({ id: 'SO-1', held: 4, unheld: [] })
    // NV: both rolls at A-01-1 (80 m) first, then one at A-01-2 (50 m) covers 120 m
    const list = await picker.call('picking.list', { order: 'SO-1' })
    expect(list.items.map((i) => [i.location, i.roll, i.state, i.line])).toEqual([
      ['A-01-1', rolls.nvA1![0], 'to-pick', 0],
      ['A-01-1', rolls.nvA1![1], 'to-pick', 0],
      ['A-01-2', rolls.nvA2![0], 'to-pick', 0],
      ['B-02-1', rolls.bk![0], 'to-pick', 1],
    ])
    expect(await balance('POP-NV', 'A-01-1')).toMatchObject({ milli: 80_000, reserved: 80_000 })
    expect(await balance('POP-NV', 'A-01-2')).toMatchObject({ milli: 150_000, reserved: 50_000 })

    // a second order cannot take what the first holds
    await manager.call('orders.create', { id: 'SO-2', lines: [{ product: 'POP-NV', quantity: '50' }] })
    const so2 = await picker.call('picking.list', { order: 'SO-2' })
    expect(so2.items.map((i) => i.roll)).toEqual([rolls.nvA2![1]])

    const pick = (order: string, location: string, roll: string) => picker.call('picking.scan', { order, location, roll })
    expect(await pick('SO-1', 'LOC-A011', rolls.nvA1![0]!)).toMatchObject({ shown: '40 m', line: 0 })
    await expect(pick('SO-1', 'LOC-A011', rolls.nvA1![0]!)).rejects.toThrow(/was picked already, for order SO-1/)
    await expect(pick('SO-2', 'LOC-A011', rolls.nvA1![1]!)).rejects.toThrow(/is held for order SO-1/)
    await expect(pick('SO-2', 'B-02-1', rolls.bk![1]!)).rejects.toThrow(/\(POP-BK\) is not on order SO-2/)
    await expect(pick('SO-1', 'LOC-A012', rolls.nvA1![1]!)).rejects.toThrow(/is recorded at A-01-1, not A-01-2/)
    await expect(pick('SO-1', 'LOC-A011', 'POP-NV')).rejects.toThrow(/POP-NV is not a roll \(it is a product\)/)
    await expect(pick('SO-1', rolls.bk![0]!, rolls.bk![0]!)).rejects.toThrow(/is not a location of this site \(it is a roll\)/)
    await pick('SO-1', 'LOC-A011', rolls.nvA1![1]!)
    // a free roll of the same product may stand in for a held one
    await pick('SO-1', 'LOC-A012', rolls.nvA2![2]!)
    // the held black roll is not on its shelf: a short pick releases it
    await picker.call('picking.short', { order: 'SO-1', line: 1, roll: rolls.bk![0]!, reason: 'not on the shelf' })

    const before = await picker.call('picking.list', { order: 'SO-1' })
    expect(before.lines).toEqual([
      { line: 0, ask: 'POP-NV', ordered: 120_000, held: 50_000, picked: 130_000, shorts: 0 },
      { line: 1, ask: 'A siyah', ordered: 30_000, held: 0, picked: 0, shorts: 1 },
    ])
    const fulfilled = await picker.call('orders.fulfil', { order: 'SO-1' })
    expect(fulfilled.rolls).toEqual([rolls.nvA1![0], rolls.nvA1![1], rolls.nvA2![2]])
    await expect(picker.call('orders.fulfil', { order: 'SO-1' })).rejects.toThrow(/order SO-1 is fulfilled already/)

    const ledger = await manager.call('stock.ledger', { limit: 50 })
    const out = ledger.filter((e) => e.type === 'ORDER_FULFILLMENT')
    expect(out.map((e) => [e.roll, e.milli, e.location]).reverse()).toEqual([
      [rolls.nvA1![0], -40_000, 'A-01-1'],
      [rolls.nvA1![1], -40_000, 'A-01-1'],
      [rolls.nvA2![2], -50_000, 'A-01-2'],
    ])
    expect(out.every((e) => e.person === 'ana')).toBe(true)
    // what SO-1 held and did not take is free again; SO-2 still holds its roll
    expect(await balance('POP-NV', 'A-01-1')).toMatchObject({ milli: 0, reserved: 0 })
    expect(await balance('POP-NV', 'A-01-2')).toMatchObject({ milli: 100_000, reserved: 50_000 })
    expect(await balance('POP-BK', 'B-02-1')).toMatchObject({ milli: 60_000, reserved: 0 })
    const order = (await manager.call('orders.list', { state: 'fulfilled' }))[0]!
    expect(order.fulfilled!.rolls.map((r) => r.code)).toEqual(fulfilled.rolls)
    expect(order.shorts).toEqual([{ line: 1, roll: rolls.bk![0], reason: 'not on the shelf', person: 'ana' }])
    expect(await manager.call('stock.check', {})).toMatchObject({ consistent: true })

    await manager.call('orders.cancel', { order: 'SO-2', reason: 'customer called' })
    expect(await balance('POP-NV', 'A-01-2')).toMatchObject({ milli: 100_000, reserved: 0 })
    const events = await manager.call('events.list', {})
    expect(events.map((e) => `${e.type} ${e.order}`)).toEqual([
      'order.created SO-1',
      'reservation.created SO-1',
      'reservation.created SO-1',
      'order.created SO-2',
      'reservation.created SO-2',
      'reservation.released SO-1',
      'reservation.released SO-1',
      'reservation.released SO-1',
      'reservation.released SO-1',
      'order.fulfilled SO-1',
      'reservation.released SO-2',
      'order.cancelled SO-2',
    ])
    expect(events.at(-3)!.rolls).toEqual(fulfilled.rolls)
    expect((await manager.call('events.list', { afterSeq: 10 })).map((e) => e.seq)).toEqual([11])
    expect(await manager.call('stock.check', {})).toMatchObject({ consistent: true })
  })

  it('count: scans against the records, variances listed, adjusted only once a manager approves', async () => {
    const { session, location } = await picker.call('counting.open', { location: 'LOC-A012' })
    expect(location).toBe('A-01-2')
    // A-01-2 holds nvA2[0] and nvA2[1]; the count finds [1] twice, a roll from B-02-1, and a code that is nothing
    const codes = [rolls.nvA2![1]!, rolls.bk![1]!, rolls.nvA2![1]!, 'NOT-A-ROLL']
    expect((await picker.call('counting.scan', { session, codes })).scans).toBe(4)
    const { count, variances } = await picker.call('counting.get', { session })
    expect(count.scans).toEqual(codes)
    expect(variances.map((v) => [v.kind, v.roll, v.from, v.milli])).toEqual([
      ['missing', rolls.nvA2![0], null, 50_000],
      ['moved-here', rolls.bk![1], 'B-02-1', 30_000],
      ['unknown', 'NOT-A-ROLL', null, 0],
    ])
    const entries = (await manager.call('stock.check', {})).entries
    await expect(picker.call('counting.approve', { session })).rejects.toThrow(/a picker may not call counting.approve/)
    expect((await manager.call('stock.check', {})).entries, 'nothing adjusted before approval').toBe(entries)

    expect(await manager.call('counting.approve', { session })).toMatchObject({ adjusted: 2 })
    const ledger = (await manager.call('stock.ledger', { limit: 3 })).reverse()
    expect(ledger.map((e) => [e.type, e.roll, e.location, e.milli])).toEqual([
      ['STOCK_ADJUSTMENT', rolls.nvA2![0], 'A-01-2', -50_000],
      ['TRANSFER_OUT', rolls.bk![1], 'B-02-1', -30_000],
      ['TRANSFER_IN', rolls.bk![1], 'A-01-2', 30_000],
    ])
    expect(await manager.call('stock.lookup', { code: rolls.nvA2![0]! })).toMatchObject({ kind: 'roll', roll: { state: 'lost' } })
    const here = await manager.call('stock.lookup', { code: 'LOC-A012' })
    expect(here.rolls.map((r) => r.code).sort()).toEqual([rolls.nvA2![1], rolls.bk![1]].sort())
    await expect(picker.call('counting.scan', { session, codes: ['X'] })).rejects.toThrow(/count session .* is approved already/)
    expect(await manager.call('stock.check', {})).toMatchObject({ consistent: true })

    // a lost roll scanned in a later count is found again
    const again = await picker.call('counting.open', { location: 'A-01-2' })
    await picker.call('counting.scan', { session: again.session, codes: [rolls.nvA2![0]!, rolls.nvA2![1]!, rolls.bk![1]!] })
    expect((await picker.call('counting.get', { session: again.session })).variances).toMatchObject([{ kind: 'found', milli: 50_000 }])
    await manager.call('counting.approve', { session: again.session })
    expect(await balance('POP-NV', 'A-01-2')).toMatchObject({ milli: 100_000 })
    expect(await manager.call('stock.check', {})).toMatchObject({ consistent: true })
  })

  it('stock lookup answers for a product, a location and a roll', async () => {
    const product = await picker.call('stock.lookup', { code: '8690000000011' })
    expect(product).toMatchObject({ kind: 'product', product: { sku: 'POP-NV' } })
    expect(product.balances.map((b) => [b.location, b.milli])).toEqual([
      ['A-01-1', 0],
      ['A-01-2', 100_000],
    ])
    await expect(picker.call('stock.lookup', { code: 'NOTHING' })).rejects.toThrow(
      /NOTHING is not a product, roll or location of this site/,
    )
  })
})

describe('order, pick and count methods refuse bad input with one line, and record nothing', () => {
  it.each([
    ['orders.create', { lines: [] }, /lines/],
    ['orders.create', { lines: [{ quantity: '5' }] }, /line 1: give a product, or a quality and a colour/],
    ['orders.create', { lines: [{ product: 'NOPE', quantity: '5' }] }, /NOPE is not a product/],
    ['orders.create', { lines: [{ quality: 'Z', color: 'mor', quantity: '5' }] }, /no product of quality Z and colour mor/],
    ['orders.create', { lines: [{ product: 'POP-NV', quantity: '1,720' }] }, /could be 1720 or 1,72:/],
    ['orders.create', { lines: [{ product: 'POP-NV', quantity: '-5' }] }, /cannot be negative/],
    ['orders.create', { id: 'SO-1', lines: [{ product: 'POP-NV', quantity: '5' }] }, /order SO-1 exists already/],
    ['orders.create', { customer: 'NOBODY', lines: [{ product: 'POP-NV', quantity: '5' }] }, /no partner NOBODY/],
    ['orders.create', { id: 'bad id!', lines: [{ product: 'POP-NV', quantity: '5' }] }, /an order id is/],
    ['picking.list', { order: 'SO-404' }, /no order SO-404/],
    ['picking.list', {}, /order/],
    ['picking.scan', { order: 'SO-1', location: 'A-01-1' }, /roll/],
    ['picking.scan', { order: 'SO-404', location: 'A-01-1', roll: 'X' }, /no order SO-404/],
    ['picking.scan', { order: 'SO-1', location: 'A-01-1', roll: 'X' }, /X is not a roll of this site/],
    ['picking.short', { order: 'SO-1', line: 0, reason: '' }, /reason/],
    ['picking.short', { order: 'SO-1', line: 0, reason: 'gone' }, /order SO-1 is fulfilled already/],
    ['orders.fulfil', { order: 'SO-2' }, /order SO-2 is cancelled already/],
    ['orders.cancel', { order: 'SO-1', reason: 'x' }, /order SO-1 is fulfilled already/],
    ['orders.reserve', { order: 'SO-1', line: 0, rolls: [] }, /rolls/],
    ['orders.release', { order: 'SO-2', rolls: ['X'] }, /order SO-2 is cancelled already/],
    ['counting.open', { location: 'NOWHERE' }, /NOWHERE is not a location/],
    ['counting.scan', { session: 'C-404', codes: ['X'] }, /no count session C-404/],
    ['counting.scan', { session: 'C-404', codes: [] }, /codes/],
    ['counting.get', { session: 'C-404' }, /no count session C-404/],
    ['counting.approve', { session: 'C-404' }, /no count session C-404/],
    ['counting.cancel', { session: 'C-404', reason: 'x' }, /no count session C-404/],
    ['counting.list', { limit: 0 }, /limit/],
    ['stock.lookup', { code: '' }, /code/],
    ['conflicts.resolve', { conflict: 'nope', note: 'x' }, /no conflict nope/],
    ['conflicts.list', { open: 'yes' }, /open/],
    ['events.list', { afterSeq: -2 }, /afterSeq/],
    ['orders.list', { state: 'lost' }, /state/],
  ])('%s %j', async (method, params, refusal) => {
    const before = await manager.call('stock.check', {})
    const error = await manager.callRaw(method, params).catch((err: Error) => err)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(refusal)
    expect((error as Error).message).not.toContain('\n')
    expect((await manager.call('stock.check', {})).entries, 'nothing was recorded').toBe(before.entries)
  })
})
