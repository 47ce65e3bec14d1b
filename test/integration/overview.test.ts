import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'

const DAY = 86_400_000
let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let client: SocketClient
let rolls: string[]

beforeAll(async () => {
  daemon = await startInProcessDaemon()
  client = await daemon.connect()
  await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
  await client.call('catalog.upsert', {
    products: [
      { sku: 'POP-NV', name: 'Poplin lacivert', unit: 'm', barcodes: [], attributes: { min: '500' } },
      { sku: 'KET', name: 'Keten', unit: 'kg', barcodes: [], attributes: {} },
    ],
    locations: ['A-01', 'B-01'].map((code) => ({ code, barcode: null, rack: code[0]!, bin: '01' })),
  })
  rolls = (await client.call('stock.receive', { product: 'POP-NV', lot: 'L1', location: 'A-01', quantity: '50', rolls: 4, printer: null }))
    .rolls
  await client.call('stock.receive', { product: 'KET', lot: 'K1', location: 'A-01', quantity: '100', rolls: 1, printer: null })
  await client.call('stock.move', { rolls: rolls.slice(0, 2), to: 'B-01' })
  await client.call('orders.create', { id: 'SO-1', lines: [{ product: 'POP-NV', quantity: '50' }], reserve: false })
  await client.call('orders.create', { id: 'SO-2', lines: [{ product: 'POP-NV', quantity: '50' }], reserve: false })
  await client.call('picking.scan', { order: 'SO-1', location: 'A-01', roll: rolls[3]! })
  await client.call('orders.fulfil', { order: 'SO-1' })
})
afterAll(async () => {
  client.close()
  await daemon.stop()
})

describe('overview.get', () => {
  it("counts today's receipts, picks, shipments and moves, open orders and conflicts, and the days' movements", async () => {
    const o = await client.call('overview.get', { days: 3 })
    expect(o.today).toMatchObject({ receivedRolls: 5, picks: 1, shippedOrders: 1, shippedRolls: 1, movedRolls: 2 })
    expect(o.openOrders).toBe(1)
    expect(o.openConflicts).toBe(0)
    expect(o.days.map((d) => d.day)).toHaveLength(3)
    expect(o.days.at(-1)).toEqual({ day: o.today.day, received: 5, shipped: 1, moved: 2, adjusted: 0 })
    expect(o.days.slice(0, 2).every((d) => d.received + d.shipped + d.moved + d.adjusted === 0)).toBe(true)
    expect(o.read.capped).toBe(false)
  })

  it('lists a product under its min attribute (or 10 of its unit) as low, with what is free', async () => {
    const o = await client.call('overview.get', {})
    // POP-NV: 150 m left against a min of 500; KET: 100 kg is above 10 kg
    expect(o.low).toEqual([{ sku: 'POP-NV', name: 'Poplin lacivert', unit: 'm', free: 150_000, below: 500_000 }])
  })

  it('the activity feed names people and nodes, newest first, in a few words', async () => {
    const o = await client.call('overview.get', { activity: 3 })
    expect(o.activity.map((a) => a.what)).toEqual(['shipped an order', 'picked a roll', 'created an order'])
    expect(o.activity[0]).toMatchObject({ person: 'admin', name: 'Administrator', status: 'applied', count: 1 })
    expect(o.activity[0]!.node).not.toMatch(/^[0-9a-f]{8}$/)
  })

  it('read a day later: today is empty and yesterday holds the work; a time zone moves the day boundary', async () => {
    const now = Date.now()
    const later = await client.call('overview.get', { days: 2, now: now + DAY })
    expect(later.today).toMatchObject({ receivedRolls: 0, picks: 0, movedRolls: 0 })
    expect(later.days[0]).toMatchObject({ received: 5, moved: 2, shipped: 1 })
    const zoned = await client.call('overview.get', { days: 1, tzOffset: -600 })
    expect(zoned.today.day).toBe(new Date(now + 600 * 60_000).toISOString().slice(0, 10))
  })

  it.each([
    [{ days: 0 }, /days/],
    [{ days: 32 }, /days/],
    [{ tzOffset: 'x' }, /tzOffset/],
    [{ activity: 500 }, /activity/],
    [{ now: -1 }, /now/],
    [{ extra: 1 }, /extra/],
  ])('%j is refused with one line', async (params, message) => {
    const error = await client.callRaw('overview.get', params).catch((err: Error) => err)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('\n')
  })

  it('a picker may not read it', async () => {
    await client.call('people.add', { id: 'pia', name: 'Pia', role: 'picker', pin: '482915' })
    const picker = await daemon.connect()
    await picker.call('session.signIn', { person: 'pia', pin: '482915' })
    await expect(picker.call('overview.get', {})).rejects.toThrow('a picker may not call overview.get')
    picker.close()
  })
})
