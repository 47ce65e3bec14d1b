import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SocketClient } from '../../client/socket-client.js'
import { createLogger } from '../../daemon/logger.js'
import type { OutpostNode } from '../../daemon/node.js'
import { SocketServer } from '../../daemon/socket/server.js'
import { DEFAULT_MAX_FRAME_BYTES, SLOT_MS } from '../../protocol/index.js'
import { InProcessSite } from '../helpers/in-process-site.js'
import { setUpKitchen } from '../helpers/kitchen-daemon.js'

/**
 * The board's ages and the counter's slots read the node's clock (NodeOptions.now), the one that
 * stamps the tickets and that the heartbeats read: they read Date.now(), so on a moved clock a
 * tile's age was off by the move, and a 15-minute slot never ended.
 */
let site: InProcessSite | null = null
const closing: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close()
  await site?.close()
  site = null
})

async function serve(node: OutpostNode): Promise<SocketClient> {
  const path = join(site!.dir, 'alpha.sock')
  const server = new SocketServer({ path, node, logger: createLogger('silent'), maxFrameBytes: DEFAULT_MAX_FRAME_BYTES })
  await server.listen()
  closing.push(() => server.close())
  const client = await SocketClient.connect(path)
  closing.push(() => client.close())
  await client.call('session.signIn', { person: 'admin', pin: 'TEST-0000' })
  return client
}

describe('the kitchen on a moved clock', () => {
  it("a tile's age and a throttle's slot follow the node's clock", async () => {
    // 3 minutes into a slot, so that 6 minutes on is still in it
    let now = Math.floor(Date.now() / SLOT_MS) * SLOT_MS + 3 * 60_000
    site = await InProcessSite.create(1, { now: () => now })
    const a = await serve(site.nodes[0]!)
    await setUpKitchen(a)
    await a.call('menu.throttle', { station: 'grill', open: null, perSlot: 1 })
    const t0 = now
    await a.call('tickets.fire', { id: 'T-1', label: 'table 1', items: [{ item: 1 }] })

    now = t0 + 6 * 60_000
    const board = await a.call('tickets.board', { stations: ['grill'] })
    expect(board.now).toBe(now)
    expect(board.now - board.tickets.find((t) => t.id === 'T-1')!.fired).toBe(6 * 60_000)
    // still the same slot: full
    await expect(a.call('tickets.fire', { id: 'T-2', label: 'table 2', items: [{ item: 1 }] })).rejects.toMatchObject({
      code: 'E_CONFLICT',
      message: expect.stringMatching(/slot is full at grill/) as unknown,
    })

    // the next slot: room again
    now = t0 + SLOT_MS
    await expect(a.call('tickets.fire', { id: 'T-2', label: 'table 2', items: [{ item: 1 }] })).resolves.toMatchObject({ ticket: 'T-2' })
  })
})
