import { execFileSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { freeUdpPortPair } from '../../daemon/net/ports.js'
import { runCli } from '../helpers/cli.js'
import { signedIn, startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'
import { hasTool, skipReason } from '../helpers/tools.js'
import { eventually } from '../helpers/eventually.js'

/**
 * LAN announcement (mDNS) is tested only inside a network namespace this test makes: multicast
 * never leaves it. It needs root and iproute2 (`ip`); without them it is skipped with the reason.
 */
function canMakeNamespaces(): boolean {
  if (!hasTool('ip', '-V')) return false
  const root = process.getuid?.() === 0
  if (!root && process.env.OUTPOST_REQUIRE_TOOLS === '1') throw new Error('the LAN test needs root to create a network namespace')
  return root
}
const namespaces = canMakeNamespaces()
const ns = `outpost-lan-${process.pid}`
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe.skipIf(!namespaces)(`LAN announcement in a network namespace${skipReason('ip (iproute2, as root)', namespaces)}`, () => {
  it('a new node finds the site by mDNS alone (no bootstrap, no --direct), pairs and converges', { timeout: 90_000 }, async () => {
    execFileSync('ip', ['netns', 'add', ns])
    cleanups.push(() => {
      execFileSync('ip', ['netns', 'del', ns])
    })
    for (const cmd of [
      ['link', 'set', 'lo', 'up'],
      ['link', 'set', 'lo', 'multicast', 'on'],
      ['route', 'add', '224.0.0.0/4', 'dev', 'lo'],
    ]) {
      execFileSync('ip', ['netns', 'exec', ns, 'ip', ...cmd])
    }
    const wrap = ['ip', 'netns', 'exec', ns]
    const daemons: DaemonProcess[] = []
    const net = async () => ['--host', '127.0.0.1', '--port', String(await freeUdpPortPair()), '--lan']

    const dirA = await tempDataDir()
    cleanups.push(dirA.remove)
    const a = await startDaemonProcess(dirA.dir, { args: await net(), wrap })
    daemons.push(a)
    cleanups.push(async () => {
      if (a.proc.exitCode === null) await a.stop()
    })
    const inviter = await signedIn(a, 'admin', a.adminSecret!)
    await inviter.call('view.subscribe')
    inviter.onEvent('mesh.pairRequested', (r) => void inviter.call('mesh.pairAccept', { id: r.id }))
    const { code } = await inviter.call('mesh.pairCode')

    const dirB = await tempDataDir()
    cleanups.push(dirB.remove)
    const argsB = await net()
    const joined = await runCli(
      ['--data-dir', dirB.dir, 'pair', 'join', code, '--name', 'bravo', ...argsB, '--wait', '30'],
      {},
      undefined,
      wrap,
    )
    expect(joined.code, joined.stderr).toBe(0)

    const b = await startDaemonProcess(dirB.dir, { args: argsB, wrap })
    daemons.push(b)
    // cleanups run last-in first: the daemons stop before their data dirs and the namespace go
    cleanups.push(async () => {
      for (const d of daemons) if (d.proc.exitCode === null) await d.stop()
    })
    await eventually(
      async () => {
        const [sa, sb] = await Promise.all([
          inviter.call('system.status'),
          signedIn(b, 'admin', a.adminSecret!)
            .catch(() => null)
            .then(async (c) => {
              if (c === null) return null
              try {
                return await c.call('system.status')
              } finally {
                c.close()
              }
            }),
        ])
        return sb !== null && sb.node.writable && sb.view.hash === sa.view.hash && sb.peers.some((p) => p.online)
      },
      'bravo to join over the LAN',
      { intervalMs: 200, evidence: () => `bravo's log:\n${b.log().slice(-2000)}` },
    )
    expect(b.log()).toContain('found a node on the LAN')
    inviter.close()
  })
})
