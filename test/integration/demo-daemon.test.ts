import { existsSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, spawnCli } from '../helpers/cli.js'
import { tempDataDir } from '../helpers/daemon-process.js'
import { eventually } from '../helpers/eventually.js'

/**
 * `outpost --demo daemon` on its own (found by a new-user trial): it founded a plain site in the
 * demo's data dir, or logged the demo's bench printer unreachable (the TUI runs that printer) with
 * no word why. Now it opens the demo as `outpost --demo` does, headless.
 */

let tmp: { dir: string; remove: () => Promise<void> }
beforeAll(async () => {
  tmp = await tempDataDir()
})
afterAll(() => tmp.remove())

const printerPort = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, '.outpost-demo', 'config.json'), 'utf8')) as { printers: Array<{ transport: { port: number } }> })
    .printers[0]!.transport.port

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })

describe('outpost --demo daemon', () => {
  it('founds the seeded demo site, runs its printer while it runs, stays on loopback, and a second one changes nothing', async () => {
    let out = ''
    const daemon = spawnCli(['--demo', 'daemon'], {}, (chunk) => (out += chunk), [], tmp.dir)
    try {
      await eventually(() => out.includes('daemon ready') || daemon.proc.exitCode !== null, 'the demo daemon to be ready', {
        timeoutMs: 60_000,
        evidence: () => out,
      })
      expect(out).toContain(`daemon ready on ${join(tmp.dir, '.outpost-demo', 'outpost.sock')}`)
      const cli = (args: string[]) => runCli(['--demo', ...args], { OUTPOST_PIN: '1111' }, undefined, [], tmp.dir)

      const status = await cli(['status', '--json'])
      expect(status.code, status.stderr).toBe(0)
      const s = JSON.parse(status.stdout) as { site: { name: string }; network: { address: string | null } }
      expect(s.site.name).toBe('Demo stock room') // seeded as the TUI seeds it: mia's PIN works below
      expect(s.network.address).toMatch(/^127\.0\.0\.1:\d+$/)

      const port = printerPort(tmp.dir)
      // the printer's state is "unknown" until the worker's first probe: wait for it, bounded
      const shown = new RegExp(`^bench .*ready, 0 queued, tcp 127\\.0\\.0\\.1:${port}$`, 'm')
      await eventually(
        async () => {
          const printers = await cli(['print', 'printers', '--as', 'mia'])
          expect(printers.code, printers.stderr).toBe(0)
          return printers.stdout
        },
        'the demo printer ready',
        { ok: (text) => shown.test(text), intervalMs: 200 },
      )

      // a second demo daemon refuses before it touches the printer's port in config.json
      const second = await cli(['daemon'])
      expect(second.code).toBe(1)
      expect(second.stderr).toContain('a daemon already runs for this data dir')
      expect(printerPort(tmp.dir)).toBe(port)
      expect(await accepts(port)).toBe(true)

      daemon.proc.kill('SIGTERM')
      expect((await daemon.done).code).toBe(0)
      expect(await accepts(port), 'the printer stops with the daemon').toBe(false)
      expect(existsSync(join(tmp.dir, '.outpost-demo', 'outpost.sock'))).toBe(false)
    } finally {
      daemon.proc.kill('SIGKILL')
    }
  }, 120_000)
})
