import { afterEach, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { signedIn, startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'

/**
 * `ops.submit` with a request id: a retry of a request the log holds is answered with the first
 * attempt's ids ("replayed") and appends nothing, before and after a restart. This is how a
 * client whose connection dropped under a write (the daemon exits rather than answer "failed"
 * for a write that may be in the log) retries without doubling it.
 */
const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function start(dir: string): Promise<DaemonProcess> {
  const daemon = await startDaemonProcess(dir)
  cleanups.push(async () => {
    if (daemon.proc.exitCode === null) await daemon.kill()
  })
  return daemon
}

const note = (text: string) => [{ type: 'notes.post', payload: { text } }]

async function count(client: SocketClient, text: string): Promise<number> {
  return (await client.call('notes.list', { limit: 500 })).filter((n) => n.text === text).length
}

describe('ops.submit request ids', () => {
  it('a retried request is answered with its first ids and appended once, also after a restart', { timeout: 60_000 }, async () => {
    const tmp = await tempDataDir()
    cleanups.push(tmp.remove)
    let daemon = await start(tmp.dir)
    const secret = daemon.adminSecret!
    const client = await signedIn(daemon, 'admin', secret)

    const first = await client.call('ops.submit', { ops: note('once only'), request: 'req-0001-once' })
    expect(first.replayed).toBeUndefined()
    const again = await client.call('ops.submit', { ops: note('once only'), request: 'req-0001-once' })
    expect(again).toEqual({ ids: first.ids, replayed: true })
    // the same operations under another id, or none, are a new request
    const other = await client.call('ops.submit', { ops: note('twice'), request: 'req-0002-other' })
    await client.call('ops.submit', { ops: note('twice') })
    expect(other.ids).not.toEqual(first.ids)
    expect(await count(client, 'once only')).toBe(1)
    expect(await count(client, 'twice')).toBe(2)
    const length = (await client.call('system.status')).log.localLength
    client.close()

    expect(await daemon.stop()).toBe(0)
    daemon = await start(tmp.dir)
    const after = await signedIn(daemon, 'admin', secret)
    expect(await after.call('ops.submit', { ops: note('once only'), request: 'req-0001-once' })).toEqual({ ids: first.ids, replayed: true })
    expect((await after.call('system.status')).log.localLength).toBe(length)
    expect(await count(after, 'once only')).toBe(1)
    after.close()
    expect(await daemon.stop()).toBe(0)
  })

  it(
    'a request refused by the fold can be retried under its id; malformed ids are refused with one line',
    { timeout: 60_000 },
    async () => {
      const tmp = await tempDataDir()
      cleanups.push(tmp.remove)
      const daemon = await start(tmp.dir)
      const client = await signedIn(daemon, 'admin', daemon.adminSecret!)

      const refused = client.call('ops.submit', {
        ops: [{ type: 'notes.archive', payload: { noteId: 'no-such-note' } }],
        request: 'req-refused-1',
      })
      await expect(refused).rejects.toMatchObject({ code: 'E_CONFLICT' })
      const retried = await client.call('ops.submit', { ops: note('after a refusal'), request: 'req-refused-1' })
      expect(retried.replayed).toBeUndefined()
      expect(await count(client, 'after a refusal')).toBe(1)

      for (const request of ['short', 'has space in it', 'x'.repeat(65), 'semi;colon;;', 42, null, '']) {
        const call = client.call('ops.submit', { ops: note('never'), request } as never)
        await expect(call, JSON.stringify(request)).rejects.toMatchObject({ code: 'E_INVALID_PARAMS' })
        await expect(call).rejects.toThrow(/^ops\.submit: request: /)
      }
      expect(await count(client, 'never')).toBe(0)
      client.close()
      expect(await daemon.stop()).toBe(0)
    },
  )
})
