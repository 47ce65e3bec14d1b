import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { refusal } from '../helpers/refusal.js'

/** history.get and history.rollback refuse bad and hostile input in one line each, and lose nothing. */

let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let admin: SocketClient
let picker: SocketClient

beforeAll(async () => {
  daemon = await startInProcessDaemon([{ id: 'pia', name: 'Pia', role: 'picker', pin: '2222' }])
  admin = await daemon.connect()
  await admin.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
  picker = await daemon.connect()
  await picker.call('session.signIn', { person: 'pia', pin: '2222' })
  await admin.call('catalog.upsert', { products: [{ sku: 'POP', name: 'Poplin', unit: 'm', barcodes: [], attributes: {} }] })
})
afterAll(async () => {
  admin.close()
  picker.close()
  await daemon.stop()
})

describe('history methods: bad input', () => {
  it('wrong types, oversized, control characters, unknown names: refused in one line', async () => {
    const raw = admin.call.bind(admin) as (method: string, params: unknown) => Promise<unknown>
    expect((await refusal(raw('history.get', { record: 5 }))).code).toBe('E_INVALID_PARAMS')
    expect((await refusal(raw('history.get', { record: 'x'.repeat(5000) }))).code).toBe('E_INVALID_PARAMS')
    expect((await refusal(raw('history.get', { record: 'POP', limit: 0 }))).code).toBe('E_INVALID_PARAMS')
    expect((await refusal(raw('history.get', { record: 'POP', extra: true }))).code).toBe('E_INVALID_PARAMS')
    expect(await refusal(raw('history.get', { record: 'roll/R\u0000' }))).toMatchObject({ code: 'E_INVALID_PARAMS' })
    expect(await refusal(admin.call('history.get', { record: 'NOPE' }))).toEqual({
      code: 'E_NOT_FOUND',
      message: 'nothing is known as NOPE',
    })
    expect((await refusal(raw('history.rollback', { record: 'POP', to: -1 }))).code).toBe('E_INVALID_PARAMS')
    expect((await refusal(raw('history.rollback', { record: 'POP', to: 'yesterday' }))).code).toBe('E_INVALID_PARAMS')
    expect(await refusal(admin.call('history.rollback', { record: 'POP', to: 999_999 }))).toEqual({
      code: 'E_NOT_FOUND',
      message: 'product/POP has no history entry 999999',
    })
  })

  it('a picker may read history but not roll back', async () => {
    const { entries } = await picker.call('history.get', { record: 'POP' })
    expect(entries.map((e) => e.type)).toEqual(['catalog.products.upsert'])
    expect((await refusal(picker.call('history.rollback', { record: 'POP', to: entries[0]!.seq }))).code).toBe('E_FORBIDDEN')
  })

  it('30 reads at once (a connection queues up to 32) are all answered, and the product is still there', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => admin.call('history.get', { record: 'product/POP' })))
    expect(answers.every((a) => a.entries.length === 1)).toBe(true)
    expect((await admin.call('stock.lookup', { code: 'POP' })).product?.name).toBe('Poplin')
  })
})
