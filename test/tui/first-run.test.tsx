import { render } from 'ink-testing-library'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../daemon/config.js'
import { createLogger } from '../../daemon/logger.js'
import { joinSite } from '../../daemon/net/join.js'
import { freeUdpPortPair } from '../../daemon/net/ports.js'
import { FirstRunApp, type FirstRunOutcome } from '../../tui/screens/first-run.js'
import { signedIn } from '../helpers/daemon-process.js'
import { waitForFrame } from '../helpers/frames.js'
import { MeshSite } from '../helpers/mesh-site.js'

let site: MeshSite
afterEach(() => site.close())

async function type(ui: ReturnType<typeof render>, text: string): Promise<void> {
  for (const c of text) {
    ui.stdin.write(c)
    await new Promise((r) => setTimeout(r, 40)) // typed by a person, not a scanner burst
  }
}

describe('first run on a new data dir', () => {
  it('joins a site with a code typed in the TUI, once a person on the site accepts', { timeout: 60_000 }, async () => {
    site = new MeshSite()
    const a = await site.found('alpha')
    const address = (await site.status(a)).network.address!
    const inviter = await signedIn(a.daemon, 'admin', site.adminSecret)
    await inviter.call('view.subscribe')
    inviter.onEvent('mesh.pairRequested', (r) => void inviter.call('mesh.pairAccept', { id: r.id }))
    const { code } = await inviter.call('mesh.pairCode')

    const dataDir = await site.dataDir()
    const config = resolveConfig({ dataDir, network: { host: '127.0.0.1', port: await freeUdpPortPair() }, env: {} })
    let outcome: FirstRunOutcome | null = null
    const ui = render(
      <FirstRunApp
        dataDir={dataDir}
        burstGapMs={30}
        join={(c, direct, onPending) =>
          joinSite({ config, code: c, direct: direct ?? undefined, name: 'delta', logger: createLogger('silent'), onPending })
        }
        done={(o) => (outcome = o)}
      />,
    )
    await waitForFrame(ui.lastFrame, (f) => f.includes('2 Join a site'), 'the choice')
    ui.stdin.write('2')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Code'), 'the code field')
    await type(ui, 'out-xxxx') // a wrong-length code is refused with a reason, and nothing is lost
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('has 4'), 'the refusal')
    for (let i = 0; i < 8; i++) ui.stdin.write('\u007f')
    await type(ui, code.toLowerCase())
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes(`Code ${code}`) && f.includes('Address'), 'the address field')
    await type(ui, address)
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('✓ Joined Outpost site'), 'the join', 30_000)
    ui.stdin.write('\r')
    await waitForFrame(
      () => (outcome === null ? '' : outcome),
      (o) => o === 'joined',
      'the outcome',
    )
    expect(existsSync(join(dataDir, 'site.json'))).toBe(true)
    expect((await inviter.call('mesh.nodes')).map((w) => w.name)).toContain('delta')
    inviter.close()
    ui.unmount()
  })
})
