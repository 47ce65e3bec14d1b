import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { backoffDelay, RECONNECT_BACKOFF, type BackoffPolicy } from '../../client/backoff.js'
import { NOT_CONNECTED, SocketClient, type ConnectionState } from '../../client/socket-client.js'
import { eventually } from '../helpers/eventually.js'

/** A stand-in daemon on `path` that answers every request with its id, or holds it when `hold` says so. */
interface FakeDaemon {
  received: string[]
  connections: () => number
  stop: () => Promise<void>
}

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function socketDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'op-rc-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return join(dir, 'd.sock')
}

async function fakeDaemon(path: string, hold: (method: string) => boolean = () => false): Promise<FakeDaemon> {
  const received: string[] = []
  const sockets = new Set<Socket>()
  let connections = 0
  const server: Server = createServer((socket) => {
    connections++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter((l) => l !== '')) {
        const { id, method } = JSON.parse(line) as { id: number; method: string }
        received.push(method)
        if (!hold(method)) socket.write(JSON.stringify({ jsonrpc: '2.0', id, result: { method } }) + '\n')
      }
    })
  })
  await new Promise<void>((r) => server.listen(path, r))
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    // as a daemon's graceful stop does: the listener goes, then every connection
    const closed = new Promise<void>((r) => server.close(() => r()))
    for (const s of sockets) s.destroy()
    await closed
  }
  cleanups.push(stop)
  return { received, connections: () => connections, stop }
}

const FAST: BackoffPolicy = { firstMs: 20, maxMs: 160, stableMs: 60_000 }

describe('the backoff between attempts to reach the daemon again', () => {
  it('doubles from the first wait and never passes the bound', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n))).toEqual([250, 500, 1000, 2000, 3000, 3000, 3000])
    expect(backoffDelay(10_000)).toBe(RECONNECT_BACKOFF.maxMs)
    expect(backoffDelay(3, FAST)).toBe(160)
  })
})

describe('a reconnecting SocketClient (the TUI)', () => {
  it('goes down when the daemon stops, refuses calls at once, and is up again on a new connection when it is back', async () => {
    const path = await socketDir()
    let daemon = await fakeDaemon(path, (method) => method === 'held')
    const client = await SocketClient.connect(path, { reconnect: FAST })
    cleanups.push(async () => client.close())
    const states: Array<ConnectionState & { at: number }> = []
    client.on('state', (s) => states.push({ ...s, at: Date.now() }))
    expect(await client.callRaw('first', {})).toEqual({ method: 'first' })

    // a call the daemon never answered: refused when the connection drops, and never sent again
    const held = client.callRaw('held', {})
    await eventually(() => daemon.received.includes('held'), 'the daemon to get the held call')
    await daemon.stop()
    await expect(held).rejects.toThrow(`${NOT_CONNECTED}: the connection was lost before it answered`)
    expect(client.connection).toMatchObject({ up: false, generation: 0, reason: 'the daemon closed the connection' })

    // while down: refused at once, in one line, not queued for later
    await expect(client.callRaw('bump', {})).rejects.toMatchObject({
      code: 'E_NO_DAEMON',
      message: `${NOT_CONNECTED}: not done, it is reconnecting`,
    })

    // attempts keep coming, each after its wait: not a busy loop, and the wait stops growing at the bound
    await eventually(() => client.connection.up === false && client.connection.attempts >= 5, 'five failed attempts', { intervalMs: 10 })
    const down = states.filter((s) => !s.up)
    for (let i = 1; i < down.length; i++) expect(down[i]!.at - down[i - 1]!.at).toBeGreaterThanOrEqual(backoffDelay(i - 1, FAST) - 2)

    daemon = await fakeDaemon(path)
    await eventually(() => client.connection.up, 'the client up again', { intervalMs: 10 })
    expect(client.connection).toEqual({ up: true, generation: 1 })
    expect(await client.callRaw('second', {})).toEqual({ method: 'second' })
    // the new daemon got what was called on the new connection only: nothing from before replayed
    expect(daemon.received).toEqual(['second'])
  })

  it('closed while down, it stops trying and says so', async () => {
    const path = await socketDir()
    const daemon = await fakeDaemon(path)
    const client = await SocketClient.connect(path, { reconnect: FAST })
    let closed = 0
    client.on('close', () => closed++)
    await daemon.stop()
    await eventually(() => !client.connection.up, 'the client down')
    client.close()
    expect(closed).toBe(1)
    const attempts = client.connection.up ? -1 : client.connection.attempts
    // a daemon back now finds no client coming: the timer was cleared. Proving that nothing
    // happens takes a window: three times the longest wait, in which an attempt would have come
    const back = await fakeDaemon(path)
    await new Promise((r) => setTimeout(r, FAST.maxMs * 3))
    expect(back.connections()).toBe(0)
    expect(client.connection).toMatchObject({ up: false, attempts })
  })

  it('without reconnect (the CLI) the first close is the end, as before', async () => {
    const path = await socketDir()
    const daemon = await fakeDaemon(path)
    const client = await SocketClient.connect(path)
    const closed = new Promise<void>((r) => client.once('close', () => r()))
    await daemon.stop()
    await closed
    await expect(client.callRaw('later', {})).rejects.toThrow('the daemon closed the connection')
    await fakeDaemon(path)
    await expect(client.callRaw('later', {})).rejects.toMatchObject({ code: 'E_NO_DAEMON' })
  })
})
