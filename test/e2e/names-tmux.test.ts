import { afterEach, describe, expect, it } from 'vitest'
import type { Status } from '../../protocol/index.js'
import { runCli } from '../helpers/cli.js'
import { demoSignedIn, type DemoTerminal } from '../helpers/tmux-demo.js'
import { hasTool, skipReason } from '../helpers/tools.js'

/**
 * Names where a person expects them, on the demo in a real terminal (its daemon pairs, which the
 * in-process one of test/tui/names-not-ids.test.tsx does not): the Pair screen names the site the
 * new node joins, this node, and who made the code; the status bar and the audit log name people.
 */
const tmux = hasTool('tmux')
let demo: DemoTerminal | null = null
afterEach(async () => {
  await demo?.close()
  demo = null
})

describe.skipIf(!tmux)(`names, not ids, on the demo in a real terminal${skipReason('tmux', tmux)}`, () => {
  it(
    '80x24: the Pair screen names the site, this node and the code’s maker; the status bar and the audit log name people',
    { timeout: 180_000 },
    async () => {
      demo = await demoSignedIn('names', 'mia')
      const { t } = demo
      const menu = t.screen()
      expect(menu).toContain('Mia Demir (manager)') // the status bar: not "mia (manager)"

      await t.openMenu('Pair a device')
      const pairing = await t.waitFor((s) => s.includes('outpost pair join OUT-') && s.includes('code made by'), 'the pairing code', 30_000)
      expect(pairing).toContain('Pair a device with Demo stock room')
      // this node by its name (what `outpost status` calls it), not a key
      const status = JSON.parse((await runCli(['--data-dir', demo.dataDir, 'status', '--json'])).stdout) as Status
      const here = status.writers.find((w) => w.key === status.node.key)!.name
      expect(pairing.replace(/\s+/g, ' ')).toContain(`you are asked here, on ${here}, to accept (code made by Mia Demir).`)
      t.key('Escape')

      await t.openMenu('Audit log')
      const audit = await t.waitFor((s) => /Administrator\s+orders\.create/.test(s), 'the audit log, people by name', 30_000)
      expect(audit).not.toMatch(/\badmin\s+\S+\.\S+/)
    },
  )
})
