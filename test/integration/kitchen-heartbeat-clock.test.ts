import { afterEach, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import type { OutpostNode } from '../../daemon/node.js'
import { BEAT_LOG_EVERY_MS, LOGGED_DOWN_AFTER_MS, SCREEN_DOWN_AFTER_MS } from '../../protocol/index.js'
import { InProcessSite } from '../helpers/in-process-site.js'
import { setUpKitchen } from '../helpers/kitchen-daemon.js'

/**
 * The KDS screens' heartbeat limits on a moved clock (issue #17: a screen registers as a device
 * of its node and beats; a manager sees which screens are up). Two nodes of one site in this
 * process, whose wall clock (NodeOptions.now) the test moves, so the 5-minute limits take no 5
 * minutes: a screen is down on its own node 30 s after its last beat; its node logs one beat in
 * 5 minutes (stations.beat), and another node shows it down once that logged beat is 6 minutes
 * old. The real-daemon test of the same path on a real clock is kitchen-screens-mesh.test.ts.
 */
let site: InProcessSite | null = null
afterEach(async () => {
  await site?.close()
  site = null
})

const screenOn = async (client: SocketClient) => (await client.call('stations.screens', {})).find((s) => s.id === 'kds-grill')!

describe('KDS screen heartbeats on a moved clock', () => {
  it('down 30 s after the last beat on its node; one beat logged in 5 minutes; down on another node 6 minutes after it', async () => {
    let now = Date.now()
    site = await InProcessSite.create(2, { now: () => now })
    const [alpha, bravo] = site.nodes as [OutpostNode, OutpostNode]
    site.connectAll()
    const a = await site.serve(alpha, 'alpha')
    await setUpKitchen(a)
    const t0 = now
    await a.call('stations.register', { screen: 'kds-grill', name: 'Grill screen', stations: ['grill'] })
    await a.call('stations.heartbeat', { screen: 'kds-grill' })
    const seq = async () => (await alpha.read.system.meta()).seq
    const registered = await seq()
    await site.until(async () => (await bravo.read.stations.screen('kds-grill')) !== null, 'bravo to know the screen')
    const b = await site.serve(bravo, 'bravo')
    expect(await screenOn(b)).toMatchObject({ up: true, lastSeen: t0 })

    // on its own node: up for 30 s after a beat, then down until the next beat
    now = t0 + SCREEN_DOWN_AFTER_MS
    expect(await screenOn(a)).toMatchObject({ up: true, lastSeen: t0 })
    now = t0 + SCREEN_DOWN_AFTER_MS + 1
    expect((await screenOn(a)).up).toBe(false)

    // beats every 10 s: in memory, nothing logged until 5 minutes after the last logged beat (the registration)
    for (now = t0 + 40_000; now < t0 + BEAT_LOG_EVERY_MS; now += 10_000) await a.call('stations.heartbeat', { screen: 'kds-grill' })
    now = t0 + BEAT_LOG_EVERY_MS - 1
    await a.call('stations.heartbeat', { screen: 'kds-grill' })
    expect(await seq()).toBe(registered)
    expect(await screenOn(a)).toMatchObject({ up: true, lastSeen: now })
    // meanwhile bravo knows only the registration: still up, it is not 6 minutes old
    expect(await screenOn(b)).toMatchObject({ up: true, lastSeen: t0 })

    now = t0 + BEAT_LOG_EVERY_MS
    await a.call('stations.heartbeat', { screen: 'kds-grill' })
    expect(await seq()).toBe(registered + 1)
    const logged = now
    await site.until(async () => (await bravo.read.stations.screen('kds-grill'))?.beat === logged, 'bravo to fold the logged beat')
    expect(await screenOn(b)).toMatchObject({ up: true, lastSeen: logged })

    // the screen stops beating: bravo shows it up until its logged beat is 6 minutes old, then down
    now = logged + LOGGED_DOWN_AFTER_MS
    expect((await screenOn(b)).up).toBe(true)
    now = logged + LOGGED_DOWN_AFTER_MS + 1
    expect(await screenOn(b)).toMatchObject({ up: false, lastSeen: logged })
    expect((await screenOn(a)).up).toBe(false)

    // it beats again: up at once on its node, and logged (its last logged beat is over 5 minutes old), so up on bravo
    await a.call('stations.heartbeat', { screen: 'kds-grill' })
    expect((await screenOn(a)).up).toBe(true)
    const back = now
    await site.until(async () => (await bravo.read.stations.screen('kds-grill'))?.beat === back, 'bravo to fold the beat after the gap')
    expect(await screenOn(b)).toMatchObject({ up: true, lastSeen: back })
  }, 120_000)
})
