import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConflictRecord } from '../../protocol/index.js'
import type { SocketClient } from '../../client/socket-client.js'
import { signedIn, startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'

/**
 * conflicts.resolve's `kept` over a real socket: what a person or a program may say, and the one
 * clear line for what it may not. A roll shipped with SO-1, then listed again for SO-2 (what two
 * nodes apart leave): a left-twice conflict and the negative balance it made.
 */
let daemon: DaemonProcess
let removeDir: () => Promise<void>
let admin: SocketClient
let twice: ConflictRecord
let negative: ConflictRecord

beforeAll(async () => {
  const tmp = await tempDataDir()
  removeDir = tmp.remove
  daemon = await startDaemonProcess(tmp.dir)
  admin = await signedIn(daemon, 'admin', daemon.adminSecret!)
  await admin.call('catalog.upsert', {
    products: [{ sku: 'POP', name: 'Poplin', unit: 'm', barcodes: [], attributes: {} }],
    locations: [{ code: 'A-01', barcode: null, rack: 'A', bin: '01' }],
  })
  const [roll] = (await admin.call('stock.receive', { product: 'POP', lot: 'L1', location: 'A-01', quantity: '3', printer: null }))
    .rolls as [string]
  for (const id of ['SO-1', 'SO-2']) await admin.call('orders.create', { id, lines: [{ product: 'POP', quantity: '3' }], reserve: false })
  await admin.call('picking.scan', { order: 'SO-1', location: 'A-01', roll })
  await admin.call('orders.fulfil', { order: 'SO-1' })
  await admin.call('ops.submit', { ops: [{ type: 'orders.fulfil', payload: { order: 'SO-2', rolls: [roll] } }] })
  const open = await admin.call('conflicts.list', {})
  twice = open.find((c) => c.kind === 'left-twice')!
  negative = open.find((c) => c.kind === 'negative-balance')!
}, 60_000)
afterAll(async () => {
  admin.close()
  expect(await daemon.stop()).toBe(0)
  await removeDir()
})

const resolve = (params: Record<string, unknown>) => admin.callRaw('conflicts.resolve', { note: 'decided', ...params })

describe('conflicts.resolve: naming what kept a roll that left twice', () => {
  it.each([
    ['no kept', {}, /^roll R\S+ left twice: say which really got it \(kept: SO-1, SO-2\)$/],
    ['an order that did not ship it', { kept: 'SO-3' }, /^SO-3 is not of roll R\S+'s departures: SO-1, SO-2$/],
    ['an amount', { kept: 'SO-1', correction: '3' }, /^only a negative balance takes a correction$/],
  ])('%s: refused with one line', async (_what, params, message) => {
    await expect(resolve({ conflict: twice.id, ...params })).rejects.toMatchObject({
      code: 'E_INVALID_PARAMS',
      message: expect.stringMatching(message),
    })
  })

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['too long', 'S'.repeat(65)],
    ['a number', 7],
    ['an object', { op: 'x' }],
  ])('kept %s: refused as invalid params', async (_what, kept) => {
    await expect(resolve({ conflict: twice.id, kept })).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' })
  })

  it('kept on another kind of conflict is refused; a raw operation naming a stranger departure is refused by the fold guard', async () => {
    await expect(resolve({ conflict: negative.id, kept: 'SO-1' })).rejects.toMatchObject({
      code: 'E_INVALID_PARAMS',
      message: 'only a unit that left twice names what kept it',
    })
    // a program that skips the socket's reading: the fold's own reason, nothing appended
    const before = (await admin.call('system.status')).view.seq
    await expect(
      admin.callRaw('ops.submit', {
        ops: [{ type: 'conflicts.resolve', payload: { conflict: twice.id, note: 'x', correction: null, kept: 'stranger' } }],
      }),
    ).rejects.toMatchObject({ code: 'E_CONFLICT', message: expect.stringMatching(/^stranger is not a departure of roll /) })
    expect((await admin.call('system.status')).view.seq).toBe(before)
  })

  it('by order id: resolved once, the other order booked back, stock.check consistent', async () => {
    const before = await admin.call('stock.check', {})
    expect(before).toMatchObject({ consistent: false, units: [{ key: 'POP/A-01/L1 on hand', balance: -3000, rolls: 0 }] })
    await resolve({ conflict: twice.id, kept: 'SO-1' })
    await expect(resolve({ conflict: twice.id, kept: 'SO-2' })).rejects.toMatchObject({
      code: 'E_CONFLICT',
      message: expect.stringMatching(/was resolved already by admin$/),
    })
    expect(await admin.call('stock.check', {})).toMatchObject({ consistent: true })
  })
})
