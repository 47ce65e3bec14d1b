import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '../../daemon/logger.js'
import { OutpostNode } from '../../daemon/node.js'
import { hashPin } from '../../daemon/people/pin-hash.js'
import { foundSite } from '../../daemon/site.js'
import { SocketServer } from '../../daemon/socket/server.js'
import { DEFAULT_MAX_FRAME_BYTES, type NumberStyle } from '../../protocol/index.js'
import { SocketClient } from '../../client/socket-client.js'
import type { BackoffPolicy } from '../../client/backoff.js'
import { afterEach, beforeEach } from 'vitest'

export const ADMIN_SECRET = 'TEST-ADMIN-0000'

/** A real node and socket server inside the test process, for component tests of the TUI. */
export async function startInProcessDaemon(
  people: Array<{ id: string; name: string; role: 'picker' | 'kitchen' | 'manager' | 'admin'; pin: string }> = [],
  opts: { numberStyle?: NumberStyle | null } = {},
) {
  const dir = await mkdtemp(join(tmpdir(), 'op-tui-'))
  const node = new OutpostNode({ storageDir: join(dir, 'store'), site: null, logger: createLogger('silent') })
  await node.open()
  await foundSite(node, { name: 'Test depot', nodeName: 'bench', adminSecret: ADMIN_SECRET, numberStyle: opts.numberStyle ?? null })
  if (people.length > 0) {
    const drafts = await Promise.all(
      people.map(async ({ pin, ...p }) => ({ type: 'people.add', payload: { ...p, pinHash: await hashPin(pin) } })),
    )
    await node.append(node.stamp(drafts, 'admin'))
  }
  const socketPath = join(dir, 'outpost.sock')
  const serve = async () => {
    const server = new SocketServer({ path: socketPath, node, logger: createLogger('silent'), maxFrameBytes: DEFAULT_MAX_FRAME_BYTES })
    await server.listen()
    return server
  }
  let server = await serve()
  return {
    node,
    connect: (opts: { reconnect?: BackoffPolicy } = {}) => SocketClient.connect(socketPath, opts),
    /** The socket closed (every connection with it) and, once `back` resolves, served again: a daemon restart as clients see it. */
    restartSocket: async (back: Promise<void> = Promise.resolve()) => {
      await server.close()
      await back
      server = await serve()
    },
    stop: async () => {
      await server.close()
      await node.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/**
 * For each test of the file: a fresh in-process daemon and a client signed in as its admin,
 * closed after the test. Register it before the file's own `beforeEach` (hooks run in order), and
 * read `client` inside hooks and tests.
 */
export function adminDaemonForEachTest(opts: { numberStyle?: NumberStyle | null } = {}): { readonly client: SocketClient } {
  let daemon: Awaited<ReturnType<typeof startInProcessDaemon>> | null = null
  let client: SocketClient | null = null
  beforeEach(async () => {
    daemon = await startInProcessDaemon([], opts)
    client = await daemon.connect()
    await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
  })
  afterEach(async () => {
    client?.close()
    client = null
    await daemon?.stop()
    daemon = null
  })
  return {
    get client() {
      if (client === null) throw new Error('the in-process daemon runs only inside a test')
      return client
    },
  }
}
