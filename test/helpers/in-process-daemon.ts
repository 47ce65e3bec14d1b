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
  const server = new SocketServer({ path: socketPath, node, logger: createLogger('silent'), maxFrameBytes: DEFAULT_MAX_FRAME_BYTES })
  await server.listen()
  return {
    node,
    connect: () => SocketClient.connect(socketPath),
    stop: async () => {
      await server.close()
      await node.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
