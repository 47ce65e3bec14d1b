import { afterEach, describe, expect, it } from 'vitest'
import { eventually } from '../helpers/eventually.js'
import { setUpKitchen } from '../helpers/kitchen-daemon.js'
import { MeshSite, sameView } from '../helpers/mesh-site.js'

/**
 * Which KDS screens are up, seen from another node (issue #17): a screen registered and beating
 * on alpha shows on bravo as up, with its last beat, from the log (a registration, then one beat
 * in 5 minutes); beats in between stay in alpha's memory and add nothing to the log.
 */
let site: MeshSite
afterEach(() => site.close())

describe('KDS screens across the site (two real daemons)', () => {
  it("a screen up on alpha is up on bravo's list; its heartbeats do not grow the log", { timeout: 180_000 }, async () => {
    site = new MeshSite()
    const a = await site.found('alpha')
    const b = await site.pairDirect(a, 'bravo')
    await site.until((s) => sameView(s) && s.every((x) => x.node.writable), 'bravo writable')
    await site.withClient(a, (c) => setUpKitchen(c, {}))
    await site.withClient(a, async (c) => {
      await c.call('stations.register', { screen: 'kds-grill', name: 'Grill screen', stations: ['grill'] })
      await c.call('stations.heartbeat', { screen: 'kds-grill' })
    })
    await site.until((s) => sameView(s), 'both nodes to have the screen')
    const seq = (await site.status(a)).view.seq
    // beats every few seconds: in alpha's memory only
    await site.withClient(a, async (c) => {
      for (let i = 0; i < 5; i++) await c.call('stations.heartbeat', { screen: 'kds-grill' })
    })
    expect((await site.status(a)).view.seq).toBe(seq)
    const onB = await site.withClient(b, (c) =>
      eventually(() => c.call('stations.screens', {}), 'the screen on bravo', { ok: (list) => list.some((s) => s.id === 'kds-grill') }),
    )
    const screen = onB.find((s) => s.id === 'kds-grill')!
    expect(screen).toMatchObject({ name: 'Grill screen', stations: ['grill'], up: true })
    expect(screen.lastSeen).toBeGreaterThan(Date.now() - 5 * 60_000)
    const onA = (await site.withClient(a, (c) => c.call('stations.screens', {}))).find((s) => s.id === 'kds-grill')!
    expect(onA.up).toBe(true)
  })
})
