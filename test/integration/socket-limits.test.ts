import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'
import { RawSocket } from '../helpers/raw-socket.js'
import { eventually } from '../helpers/eventually.js'

// One real daemon process with every socket limit lowered, so each is reached in a second or two.
const LIMITS = { maxConnections: 4, maxQueuedRequests: 8, maxReplyBufferBytes: 64 * 1024, idleTimeoutMs: 2000, frameTimeoutMs: 1000 }
const MAX_FRAME_BYTES = 4096

let daemon: DaemonProcess
let removeDir: () => Promise<void>

beforeAll(async () => {
  const tmp = await tempDataDir()
  removeDir = tmp.remove
  await writeFile(join(tmp.dir, 'config.json'), JSON.stringify({ maxFrameBytes: MAX_FRAME_BYTES, socket: LIMITS }))
  daemon = await startDaemonProcess(tmp.dir)
})
afterAll(async () => {
  expect(await daemon.stop()).toBe(0)
  await removeDir()
})

const request = (method: string, params?: unknown, id: number | string = 1) =>
  JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }) + '\n'

type Reply = { id: unknown; result?: unknown; error?: { message: string; data: { code: string } } }

/** `promise`, or a failure naming what did not happen within `ms` (the fix missing fails here, not at the test time-out). */
async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not within ${ms} ms: ${what}`)), ms)))
  try {
    return await Promise.race([promise, late])
  } finally {
    clearTimeout(timer)
  }
}

const next = (sock: RawSocket, what: string) => within(10_000, sock.nextLine(), what) as Promise<Reply>

/**
 * A connection the daemon took, after one request answered (it sees the previous test's closes a
 * moment after they happen: while it still counts them, a new client is refused; retried, bounded).
 */
async function accepted(): Promise<RawSocket> {
  const refusals: Array<string | undefined> = []
  const sock = await eventually(
    async () => {
      const sock = await RawSocket.open(daemon.socketPath)
      sock.write(request('system.status', undefined, 'probe'))
      const reply = await next(sock, 'the probe answered')
      if (reply.result !== undefined) return sock
      sock.close()
      refusals.push(reply.error?.data.code)
      return null
    },
    'a place freed after clients left',
    { timeoutMs: 10_000, evidence: () => `refused with: ${JSON.stringify(refusals)}` },
  )
  expect(
    refusals.filter((code) => code !== 'E_TOO_MANY_CONNECTIONS'),
    'a probe is only ever refused for want of a place',
  ).toEqual([])
  return sock! // eventually returns only a value that holds: a socket
}

/** A connection that is not idle (subscribed) and holds one of the daemon's places. */
async function subscribed(): Promise<RawSocket> {
  const sock = await accepted()
  sock.write(request('view.subscribe'))
  expect(await next(sock, 'view.subscribe answered')).toHaveProperty('result')
  return sock
}

async function expectStillAnswering(): Promise<void> {
  const sock = await accepted()
  sock.write(request('system.status'))
  expect(await next(sock, 'system.status answered')).toHaveProperty('result.node.key')
  sock.close()
}

describe('socket limits: each refused with one line, the daemon keeps answering', () => {
  it('the frame limit counts UTF-8 bytes: euro signs under it in characters, over it in bytes, are refused', async () => {
    const sock = await accepted()
    // 1400 characters of euro signs, 4200 bytes: today's character count let it through
    sock.write(request('system.status', { x: '€'.repeat(1400) }))
    const reply = await next(sock, 'the euro frame refused')
    expect(reply).toMatchObject({ id: null, error: { data: { code: 'E_FRAME_TOO_LARGE' } } })
    expect(reply.error?.message).toBe(`frame larger than ${MAX_FRAME_BYTES} bytes: connection closed`)
    await within(10_000, sock.untilClosed(), 'the connection closed after E_FRAME_TOO_LARGE')

    // under the limit in bytes, with a euro sign cut between two writes: read whole and decoded
    const ok = await accepted()
    const frame = Buffer.from(request('system.status', { '€uro': '€'.repeat(1000) }))
    const cut = frame.indexOf(Buffer.from('€')) + 1
    ok.socket.write(frame.subarray(0, cut))
    await new Promise((r) => setImmediate(r))
    ok.socket.write(frame.subarray(cut))
    const answered = await next(ok, 'the frame under the limit answered')
    expect(answered.error).toMatchObject({ data: { code: 'E_INVALID_PARAMS' } })
    expect(answered.error?.message).toContain('€uro')
    ok.close()
    await expectStillAnswering()
  })

  it('a frame that is not valid UTF-8 gets E_PARSE (never U+FFFD), and the connection goes on', async () => {
    const sock = await accepted()
    const [head, tail] = request('system.status', undefined, 'a?').split('?') as [string, string]
    sock.socket.write(Buffer.concat([Buffer.from(head), Buffer.of(0xff), Buffer.from(tail)]))
    const reply = await next(sock, 'the invalid frame refused')
    expect(reply).toMatchObject({ id: null, error: { message: 'frame is not valid UTF-8', data: { code: 'E_PARSE' } } })
    sock.write(request('system.status', undefined, 2))
    expect(await next(sock, 'the next frame answered')).toMatchObject({ id: 2, result: { site: { name: 'Outpost site' } } })
    sock.close()
  })

  it('past maxQueuedRequests on one connection, requests are answered E_BUSY with their ids', async () => {
    const sock = await accepted()
    const ids = Array.from({ length: 20 }, (_, i) => i + 1)
    // one write: the daemon reads all 20 at once, before it answers the first
    sock.write(ids.map((id) => request('system.status', undefined, id)).join(''))
    const replies: Reply[] = []
    while (replies.length < ids.length) replies.push(await next(sock, `reply ${replies.length + 1} of 20`))
    const busy = replies.filter((r) => r.error?.data.code === 'E_BUSY')
    const answered = replies.filter((r) => r.result !== undefined)
    expect(busy.length).toBeGreaterThan(0)
    expect(answered.length).toBeGreaterThanOrEqual(LIMITS.maxQueuedRequests)
    expect(busy.length + answered.length).toBe(20)
    expect(busy[0]?.error?.message).toBe('8 requests already wait on this connection: read replies first')
    expect(new Set(replies.map((r) => r.id))).toEqual(new Set(ids))
    sock.close()
  })

  it('a frame begun and not ended within frameTimeoutMs closes the connection (slowloris)', async () => {
    const sock = await accepted()
    const started = Date.now()
    sock.write('{"jsonrpc":"2.0",')
    // a byte every 200 ms keeps the frame alive forever, were the time-out counted from the last byte
    for (let i = 0; i < 50 && !sock.closed; i++) {
      sock.write(' ')
      await Promise.race([new Promise((r) => setTimeout(r, 200)), sock.untilClosed()])
    }
    expect(await next(sock, 'the half frame refused')).toMatchObject({
      id: null,
      error: { message: 'a frame was begun and not ended within 1000 ms: connection closed', data: { code: 'E_FRAME_TIMEOUT' } },
    })
    await within(10_000, sock.untilClosed(), 'the connection closed')
    expect(Date.now() - started).toBeGreaterThanOrEqual(LIMITS.frameTimeoutMs - 50)
    await expectStillAnswering()
  })

  it('a connection idle for idleTimeoutMs is closed, unless it is subscribed', async () => {
    const listener = await subscribed()
    // a place of the previous test may not be freed yet (E_TOO_MANY_CONNECTIONS): open again until one is
    const { silent, first, started } = await eventually(
      async () => {
        const started = Date.now()
        const silent = await RawSocket.open(daemon.socketPath) // sends nothing at all
        return { silent, first: await next(silent, 'the idle connection closed'), started }
      },
      'a connection that is not refused for want of a place',
      { ok: ({ first }) => first.error?.data.code !== 'E_TOO_MANY_CONNECTIONS', timeoutMs: 10_000 },
    )
    expect(first).toMatchObject({
      id: null,
      error: { message: 'nothing sent for 2000 ms: connection closed', data: { code: 'E_IDLE_TIMEOUT' } },
    })
    await within(10_000, silent.untilClosed(), 'the idle connection closed')
    expect(Date.now() - started).toBeGreaterThanOrEqual(LIMITS.idleTimeoutMs - 50)
    // one that asked something is idle from its last frame on
    const asked = await accepted()
    expect((await next(asked, 'the second idle connection closed')).error?.data.code).toBe('E_IDLE_TIMEOUT')
    // by now the subscribed one was silent for two idle time-outs: it still answers
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * LIMITS.idleTimeoutMs - 100)
    expect(listener.closed).toBe(false)
    listener.write(request('system.status', undefined, 9))
    expect(await next(listener, 'the subscribed client answered')).toMatchObject({ id: 9, result: {} })
    listener.close()
  })

  it('a client that does not read its replies is closed past maxReplyBufferBytes, and nothing piles up', async () => {
    const admin = await daemon.connect()
    await admin.call('session.signIn', { person: 'admin', pin: daemon.adminSecret! })
    // 40 notes of 2000 characters: each notes.list reply is ~85 KB
    for (let i = 0; i < 40; i++) await admin.call('notes.post', { text: `${i} ${'n'.repeat(1990)}` })
    admin.close()
    const sock = await accepted()
    sock.write(request('session.signIn', { person: 'admin', pin: daemon.adminSecret! }))
    expect(await next(sock, 'signed in')).toHaveProperty('result')
    sock.socket.pause() // and never read again: ~680 KB of replies for 8 requests
    sock.write(Array.from({ length: 8 }, (_, i) => request('notes.list', { limit: 50 }, i + 2)).join(''))
    await eventually(() => daemon.log().includes('E_SLOW_CLIENT'), 'the daemon to drop the client that does not read', {
      timeoutMs: 10_000,
    })
    expect(daemon.log()).toContain(`more than ${LIMITS.maxReplyBufferBytes} bytes of replies not read: connection closed`)
    // what the daemon did send is still there to read, then the close
    sock.socket.resume()
    await within(10_000, sock.untilClosed(), 'the unread connection closed')
    await expectStillAnswering()
  })

  it('past maxConnections a client is refused with one line; a place freed is taken again', async () => {
    // first, the daemon frees the places of the previous tests' connections: all are taken here
    const held = [] as RawSocket[]
    for (let i = 0; i < LIMITS.maxConnections; i++) held.push(await subscribed())
    const refused = await RawSocket.open(daemon.socketPath)
    expect(await next(refused, 'the 5th client refused')).toMatchObject({
      id: null,
      error: { message: 'the daemon serves 4 clients at most: try again later', data: { code: 'E_TOO_MANY_CONNECTIONS' } },
    })
    await within(10_000, refused.untilClosed(), 'the refused client closed')
    // the CLI's client says so too, instead of waiting for an answer that never comes
    const cli = await daemon.connect()
    await expect(within(10_000, cli.call('system.status'), 'the CLI refused')).rejects.toMatchObject({ code: 'E_TOO_MANY_CONNECTIONS' })
    cli.close()

    held.pop()?.close()
    // the place is taken again once the daemon saw the close (accepted() retries until then)
    held.push(await accepted())
    for (const sock of held) sock.close()
  })
})
