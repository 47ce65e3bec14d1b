import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'

/** Bad input to the methods issue #20's finish added (repairs.edit, history.touched, attachments.open without a path). */

let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let client: SocketClient
let repair: string

beforeAll(async () => {
  daemon = await startInProcessDaemon()
  client = await daemon.connect()
  await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
  ;({ repair } = await client.call('repairs.intake', { serial: 'SN-1', product: 'Scanner', fault: 'dead', condition: 'ok', printer: null }))
})
afterAll(async () => {
  client.close()
  await daemon.stop()
})

describe('misuse of repairs.edit, history.touched and attachments.open', () => {
  it('wrong types, oversized and unknown fields: one line each, nothing appended', async () => {
    const seq = (await client.call('system.status')).view.seq
    for (const params of [
      { repair, serial: 42 },
      { repair, fault: 'x'.repeat(401) },
      { repair, state: 'returned' },
      { repair: 'x'.repeat(41) },
      { repair, accessories: 'cable' },
    ]) {
      await expect(client.callRaw('repairs.edit', params)).rejects.toMatchObject({
        code: 'E_INVALID_PARAMS',
        message: expect.not.stringContaining('\n'),
      })
    }
    for (const params of [{ seq: -1 }, { seq: 'seven' }, { seq: 1.5 }, { seq: 2 ** 60 }, {}, { seq: 1, more: true }]) {
      await expect(client.callRaw('history.touched', params)).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' })
    }
    await expect(client.callRaw('attachments.open', { id: 'nope' })).rejects.toMatchObject({ code: 'E_NOT_FOUND' })
    expect((await client.call('system.status')).view.seq).toBe(seq)
  })

  it('an edit that changes nothing appends nothing; an unknown repair or customer is refused in words', async () => {
    expect((await client.call('repairs.edit', { repair, fault: 'dead' })).ids).toEqual([])
    await expect(client.call('repairs.edit', { repair: 'RP-NOPE', fault: 'x' })).rejects.toThrow(/RP-NOPE is not a repair/)
    await expect(client.call('repairs.edit', { repair, customer: 'CUS-NOPE' })).rejects.toThrow(/no partner CUS-NOPE/)
    // a seq no operation has, and one that touched no record with a history: none
    expect(await client.call('history.touched', { seq: 999_999 })).toEqual({ records: [] })
  })

  it('parallel edits of different fields from one node all stand', async () => {
    const edits = [{ serial: 'SN-2' }, { product: 'Scanner II' }, { condition: 'scratched' }, { fault: 'dead, hums' }]
    await Promise.all(edits.map((e) => client.call('repairs.edit', { repair, ...e })))
    const { device } = await client.call('repairs.get', { repair })
    expect(device).toMatchObject({ serial: 'SN-2', product: 'Scanner II', condition: 'scratched', fault: 'dead, hums' })
  })
})
