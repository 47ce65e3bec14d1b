import { afterEach, describe, expect, it } from 'vitest'
import type { TicketRecord } from '../../protocol/index.js'
import { eventually } from '../helpers/eventually.js'
import { setUpKitchen } from '../helpers/kitchen-daemon.js'
import { MeshSite, sameView } from '../helpers/mesh-site.js'

/**
 * R at a screen on node A undoes the bump A's screen made, on every node (issue #17). The grill of
 * node B bumped the same ticket since (items added to it): "the grill's last bump on the ticket"
 * is B's, and a recall that named only the station undid B's bump, on both nodes alike.
 */
let site: MeshSite
afterEach(() => site.close())

/** Which of the ticket's items (part by part) are done, and by which bump. */
const done = (t: TicketRecord) => t.parts.map((p) => p.items.map((i) => i.done?.op ?? null))

describe('recall across nodes (real daemons, real sockets)', () => {
  it(
    'A’s recall names A’s bump: B’s later bump of the same station on the ticket stands, on both nodes',
    { timeout: 180_000 },
    async () => {
      site = new MeshSite()
      const a = await site.found('alpha')
      const b = await site.pairDirect(a, 'bravo')
      await site.until((s) => sameView(s) && s.every((x) => x.node.writable), 'bravo writable')
      await site.withClient(a, (c) => setUpKitchen(c))
      const { ticket } = await site.withClient(a, (c) => c.call('tickets.fire', { label: 'table 4', items: [{ item: 1 }] }))
      // A's screen bumps the grill
      const mine = (await site.withClient(a, (c) => c.call('tickets.bump', { ticket, station: 'grill' }))).ids[0]!
      // B sees it, adds a burger to the ticket and bumps the grill: the grill's last bump on it
      const theirs = await site.withClient(b, async (c) => {
        await eventually(() => c.call('tickets.get', { ticket }), 'A’s bump on bravo', { ok: (t) => t.bumps.length === 1 })
        await c.call('tickets.add', { ticket, items: [{ item: 1 }] })
        return (await c.call('tickets.bump', { ticket, station: 'grill' })).ids[0]!
      })
      await site.until((s) => sameView(s), 'both nodes with B’s bump')
      // R at A's screen: the recall names A's bump
      await site.withClient(a, (c) => c.call('tickets.recall', { ticket, station: 'grill', bump: mine }))
      await site.until((s) => sameView(s), 'both nodes with the recall')
      for (const node of [a, b]) {
        const t = await site.withClient(node, (c) => c.call('tickets.get', { ticket }))
        expect(done(t), node.name).toEqual([[null], [theirs]])
        expect(t.bumps.map((x) => x.op)).toEqual([theirs])
        expect(t.recalls).toBe(1)
      }
      // the same bump again (another screen's R, say): refused in words, nothing else undone
      await expect(site.withClient(b, (c) => c.call('tickets.recall', { ticket, station: 'grill', bump: mine }))).rejects.toThrow(
        /grill's bump .* on ticket .* is not there to recall/,
      )
    },
  )
})
