import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SocketClient } from '../../client/socket-client.js'
import { createLogger } from '../../daemon/logger.js'
import type { Mesh } from '../../daemon/net/mesh.js'
import { OutpostNode } from '../../daemon/node.js'
import { foundSite } from '../../daemon/site.js'
import { SocketServer } from '../../daemon/socket/server.js'
import { ServicesGate } from '../../daemon/socket/services-gate.js'
import { DEFAULT_MAX_FRAME_BYTES } from '../../protocol/index.js'
import { DAEMON_NODE_FLAGS } from '../../daemon/config.js'
import { daemonEnv } from '../../daemon/memory.js'
import { LOOPBACK, OUTPOST_BIN, startDaemonProcess, tempDataDir } from '../helpers/daemon-process.js'
import { eventually } from '../helpers/eventually.js'

/**
 * The daemon's socket listens as soon as the node is open, while the mesh and the other services
 * still open (daemon/run.ts, daemon/socket/services-gate.ts): what reads only the node answers at
 * once, what needs a service waits for it and then answers as it would have, and a service that
 * fails to open fails the calls that waited with one line.
 */
const SECRET = 'TEST-ADMIN-0000'

/** Enough of a mesh for the pairing and peers methods. */
function fakeMesh(): Mesh {
  const pairing = { createCode: () => ({ code: 'ABCD-EFGH', expiresAt: 1 }), requests: () => [], on: () => pairing }
  return { pairing, peers: async () => [] } as unknown as Mesh
}

describe('the socket while the services open', () => {
  let dir: string
  let node: OutpostNode
  let gate: ServicesGate
  let server: SocketServer
  let client: SocketClient

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'op-start-'))
    node = new OutpostNode({ storageDir: join(dir, 'store'), site: null, logger: createLogger('silent') })
    await node.open()
    await foundSite(node, { name: 'Test depot', nodeName: 'n1', adminSecret: SECRET, numberStyle: null })
    gate = new ServicesGate()
    server = new SocketServer({
      path: join(dir, 'outpost.sock'),
      node,
      services: gate,
      logger: createLogger('silent'),
      maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
    })
    await server.listen()
    client = await SocketClient.connect(join(dir, 'outpost.sock'))
  })

  afterEach(async () => {
    client.close()
    await server.close()
    await node.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('answers status, sign-in and a scan at once', async () => {
    const status = await client.call('system.status')
    expect(status.network.address).toBeNull() // the mesh is not open yet
    await client.call('session.signIn', { person: 'admin', pin: SECRET })
    expect((await client.call('scan.resolve', { code: 'nothing-here' })).kind).toBe('unknown')
  })

  it('holds a pairing code until the mesh is open, then makes it there', async () => {
    await client.call('session.signIn', { person: 'admin', pin: SECRET })
    let answered = false
    const code = client.call('mesh.pairCode').finally(() => (answered = true))
    // the request is in the daemon (a call behind it on the same connection is answered after it)
    const other = await SocketClient.connect(join(dir, 'outpost.sock'))
    await other.call('system.status')
    other.close()
    expect(answered).toBe(false)
    gate.opened({ mesh: fakeMesh() })
    // not "networking is off": the mesh was only late
    expect(await code).toEqual({ code: 'ABCD-EFGH', expiresAt: 1 })
  })

  it('says networking is off only once the services are open without a mesh', async () => {
    await client.call('session.signIn', { person: 'admin', pin: SECRET })
    const code = client.call('mesh.pairCode')
    gate.opened({ mesh: null })
    await expect(code).rejects.toThrow(/networking is off/)
  })

  it('fails the calls that waited, in one line, when the services do not open', async () => {
    const peers = client.call('mesh.peers')
    gate.failed(new Error('UDP port 49737: permission denied'))
    await expect(peers).rejects.toMatchObject({
      code: 'E_NOT_READY',
      message: 'the daemon did not start: UDP port 49737: permission denied',
    })
  })
})

describe('a daemon stopped while its services open', () => {
  it('stops cleanly on SIGTERM once its socket answers, and starts again', { timeout: 120_000 }, async () => {
    const { dir, remove } = await tempDataDir('op-stop-')
    try {
      const first = await startDaemonProcess(dir)
      expect(await first.stop()).toBe(0)
      const socketPath = join(dir, 'outpost.sock')
      const proc = spawn(
        process.execPath,
        [...DAEMON_NODE_FLAGS, OUTPOST_BIN, '--data-dir', dir, 'daemon', '--log-level', 'info', ...LOOPBACK],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, ...daemonEnv(process.env), OUTPOST_METRICS_PORT: '0' },
        },
      )
      let log = ''
      proc.stdout.resume()
      proc.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk))
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
        proc.once('exit', (code, signal) => r({ code, signal })),
      )
      // the first answer of its socket: the services are still opening (or have just opened)
      const client = await eventually(() => SocketClient.connect(socketPath), 'the socket answers', {
        timeoutMs: 60_000,
        intervalMs: 2,
      })
      await client.call('system.status')
      proc.kill('SIGTERM')
      client.close()
      // a graceful stop exits 0; killed by the signal it would have no code; a signal lost, no exit
      const ended = await Promise.race([exited, sleep(30_000).then(() => 'still running')])
      if (ended === 'still running') proc.kill('SIGKILL')
      expect(ended).toEqual({ code: 0, signal: null })
      expect(log).toContain('"msg":"stopping"') // its own stop, not the signal's default
      const again = await startDaemonProcess(dir)
      const status = await (await again.connect()).call('system.status')
      expect(status.view.seq).toBeGreaterThan(0)
      expect(await again.stop()).toBe(0)
    } finally {
      await remove()
    }
  })
})
