import { render } from 'ink-testing-library'
import { afterEach, describe, expect, it } from 'vitest'
import { App } from '../../tui/app.js'
import type { SocketClient } from '../../client/socket-client.js'
import { signedIn } from '../helpers/daemon-process.js'
import { waitForFrame } from '../helpers/frames.js'
import { MeshSite } from '../helpers/mesh-site.js'
import { Stranger } from '../helpers/stranger.js'

let site: MeshSite
let stranger: Stranger | null = null
let client: SocketClient | null = null
afterEach(async () => {
  client?.close()
  await stranger?.close()
  await site.close()
})

/** The app starts at sign-in whatever the connection did before: sign in as a person would, a key at a time. */
async function signInAsAPerson(ui: ReturnType<typeof render>) {
  await waitForFrame(ui.lastFrame, (f) => f.includes('Sign in'), 'the sign-in screen')
  for (const text of ['admin', site.adminSecret]) {
    for (const c of text) {
      ui.stdin.write(c)
      await new Promise((r) => setTimeout(r, 40)) // typed, not a burst
    }
    ui.stdin.write('\r')
  }
}

describe('the consent prompt', () => {
  it(
    'appears over any screen only for a request with a valid code, and accepting makes the node a writer',
    { timeout: 60_000 },
    async () => {
      site = new MeshSite()
      const a = await site.found('alpha')
      const status = await site.status(a)
      client = await signedIn(a.daemon, 'admin', site.adminSecret)
      const ui = render(<App client={client} burstGapMs={30} />)
      await signInAsAPerson(ui)
      await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Administrator'), 'the menu')
      ui.stdin.write('1')
      // the screen, not the menu's line for it (a lone 1 opens it once no second digit comes)
      await waitForFrame(ui.lastFrame, (f) => f.includes('Shift notes') && !f.includes('Menu —'), 'the notes screen')

      const code = (await client.call('mesh.pairCode')).code
      stranger = await Stranger.near(status.network.address!)
      expect(await stranger.requestPairing(status.network.swarmKey!, null)).toMatchObject({ type: 'pair.refused' })
      expect(ui.lastFrame()).not.toContain('wants to join')

      expect(await stranger.requestPairing(status.network.swarmKey!, code)).toMatchObject({ type: 'pair.pending' })
      const prompt = await waitForFrame(ui.lastFrame, (f) => f.includes('stranger wants to join — Accept / Deny'), 'the prompt')
      expect(prompt).toContain('Shift notes') // over the screen the person was on
      expect(prompt).not.toContain('Menu —')
      ui.stdin.write('a')
      await waitForFrame(ui.lastFrame, (f) => !f.includes('wants to join'), 'the prompt to go')
      const writers = await client.call('mesh.nodes')
      expect(writers.map((w) => w.key)).toContain(stranger.writerKey)
      ui.unmount()
    },
  )

  it('for a node restored as a new writer, says which node accepting removes, and accepting removes it', { timeout: 120_000 }, async () => {
    site = new MeshSite()
    const a = await site.found('alpha')
    const b = await site.pairDirect(a, 'bravo')
    const [status] = await site.until((s) => s.every((x) => x.writers.length === 2), 'bravo a writer on both')
    const bravo = status!.writers.find((w) => w.name === 'bravo')!.key
    client = await signedIn(a.daemon, 'admin', site.adminSecret)
    const ui = render(<App client={client} burstGapMs={30} />)
    await signInAsAPerson(ui)
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Administrator'), 'the menu')
    await b.daemon.stop() // its disk is lost; a backup of it asks to come back as a new node

    const code = (await client.call('mesh.pairCode')).code
    stranger = await Stranger.near(status!.network.address!)
    expect(await stranger.requestPairing(status!.network.swarmKey!, code, { replaces: bravo })).toMatchObject({ type: 'pair.pending' })
    const prompt = await waitForFrame(ui.lastFrame, (f) => f.includes('stranger wants to join — Accept / Deny'), 'the prompt')
    expect(prompt).toContain('restored from a backup of bravo: accepting also removes bravo')
    ui.stdin.write('a')
    await waitForFrame(ui.lastFrame, (f) => !f.includes('wants to join'), 'the prompt to go')
    const writers = new Map((await client.call('mesh.nodes')).map((w) => [w.key, w]))
    expect(writers.get(stranger.writerKey)?.removed).toBe(false)
    expect(writers.get(bravo)?.removed).toBe(true)
    ui.unmount()
  })
})
