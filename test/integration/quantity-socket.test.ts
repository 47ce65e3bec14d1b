import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'

let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let client: SocketClient
beforeAll(async () => {
  daemon = await startInProcessDaemon()
  client = await daemon.connect()
  await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
})
afterAll(async () => {
  client.close()
  await daemon.stop()
})

describe('quantity.parse over the socket', () => {
  it('reads what people type and says how it read it', async () => {
    expect(await client.call('quantity.parse', { text: '1.720 MT', unit: 'm', style: 'comma' })).toEqual({
      milli: 1_720_000,
      unit: 'm',
      shown: '1.720 m',
      style: 'comma',
    })
    expect(await client.call('quantity.parse', { text: '1,000.50', unit: 'm' })).toEqual({
      milli: 1_000_500,
      unit: 'm',
      shown: '1,000.5 m',
      style: null,
    })
    expect(await client.call('quantity.parse', { text: '-2,5', unit: 'kg', allowNegative: true })).toEqual({
      milli: -2_500,
      unit: 'kg',
      shown: '-2.5 kg',
      style: null,
    })
  })
  it.each([
    [{ text: '1,720', unit: 'm' }, /could be 1720 or 1,72:/],
    [{ text: '1.720 MT', unit: 'm' }, /could be 1720 or 1\.72:/],
    [{ text: '1', unit: 'm', style: 'en' }, /style/],
    [{ text: '5 kg', unit: 'm' }, /counted in m, not kg/],
    [{ text: 5, unit: 'm' }, /text/],
    [{ text: '5', unit: 'yards' }, /unit/],
    [{ text: 'x'.repeat(65), unit: 'm' }, /text/],
    [{ text: '5', unit: 'm', extra: true }, /extra/],
  ])('%j is refused with one line saying why', async (params, message) => {
    const error = await client.callRaw('quantity.parse', params).catch((err: Error) => err)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('\n')
  })
})
