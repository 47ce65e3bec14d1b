import { afterEach, describe, expect, it } from 'vitest'
import { SLOT_MS } from '../../protocol/index.js'
import { InProcessSite } from '../helpers/in-process-site.js'
import { setUpKitchen } from '../helpers/kitchen-daemon.js'

/**
 * The board's ages and the counter's slots read the node's clock (NodeOptions.now), the one that
 * stamps the tickets and that the heartbeats read: they read Date.now(), so on a moved clock a
 * tile's age was off by the move, and a 15-minute slot never ended.
 */
let site: InProcessSite | null = null
afterEach(async () => {
  await site?.close()
  site = null
})

describe('the kitchen on a moved clock', () => {
  it("a tile's age and a throttle's slot follow the node's clock", async () => {
    // 3 minutes into a slot, so that 6 minutes on is still in it
    let now = Math.floor(Date.now() / SLOT_MS) * SLOT_MS + 3 * 60_000
    site = await InProcessSite.create(1, { now: () => now })
    const a = await site.serve(site.nodes[0]!, 'alpha')
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
