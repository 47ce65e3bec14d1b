import { execFileSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { roleAllows } from '../../protocol/roles.js'
import { menuFor } from '../../tui/screens/registry.js'
import { OUTPOST_BIN, tempDataDir } from '../helpers/daemon-process.js'
import { processesGone } from '../helpers/processes.js'
import { TmuxSession } from '../helpers/tmux.js'
import { demoSignedIn, type DemoTerminal } from '../helpers/tmux-demo.js'
import { hasTool, skipReason } from '../helpers/tools.js'

/**
 * Issue #21 tried again as a new user would (docs/known-gaps.md): the menu uses the height it
 * gets at 60x20, and at 200x50 with LANG=C every screen of a manager's menu is plain ASCII, the
 * escapes included (capture-pane -e).
 */
const tmux = hasTool('tmux')
let demo: DemoTerminal | null = null
afterEach(async () => {
  await demo?.close()
  demo = null
})

// eslint-disable-next-line no-control-regex -- the point: bytes past ASCII
const nonAscii = (screen: string) => screen.match(/[^\x00-\x7f]/g)?.length ?? 0

describe.skipIf(!tmux)(`a new user's terminal${skipReason('tmux', tmux)}`, () => {
  it('60x20: a picker’s whole menu shows, none of it behind "more" (it hid 4 items over 6 empty lines)', { timeout: 180_000 }, async () => {
    demo = await demoSignedIn('newcomer-menu', 'ana', { width: 60, height: 20, env: { LANG: 'C.UTF-8' } })
    const menu = demo.t.screen()
    for (const screen of menuFor('picker').filter((s) => roleAllows('picker', s.roles))) expect(menu).toContain(`  ${screen.label}`)
    expect(menu).toContain('Sign out')
    expect(menu).toContain('Quit')
    expect(menu).not.toContain('more')
  })

  it(
    '60x20: the sign-in screen asking whether to quit keeps its title and the whole staff list (the demo hints give way)',
    { timeout: 120_000 },
    async () => {
      const tmp = await tempDataDir()
      const t = TmuxSession.start(
        `newcomer-quit-${process.pid}`,
        [process.execPath, OUTPOST_BIN, '--demo', '--data-dir', tmp.dir].join(' '),
        {
          width: 60,
          height: 20,
          env: { NO_COLOR: '1', TERM: 'xterm-256color', LANG: 'C.UTF-8' },
        },
      )
      try {
        await t.waitFor((s) => s.includes('Sign in') && s.includes('Demo stock room'), 'the sign-in screen', 90_000)
        t.key('q')
        await t.waitFor((s) => s.includes('Quit Outpost?'), 'the quit question')
        // before: the title went off the top and "ana 2222 ..." was dropped; at 54-58 columns a
        // count of the hints' rows that dropped their indent still let it happen
        for (const width of [60, 56, 44]) {
          execFileSync('tmux', ['resize-window', '-t', t.name, '-x', String(width), '-y', '20'])
          // the frame drawn at the new width (tmux cuts the old one's lines at once)
          await t.settled(500, 15_000)
          const asked = await t.waitFor(
            (s) => s.split('\n')[0] === ' Outpost — Demo stock room' && s.includes('Quit Outpost?') && /signed out/.test(s),
            `the title, the question and the status bar at ${width} columns`,
          )
          // a hint wrapped over two rows reads on: "mia" at a row's end, "1111 (manager)" on the next
          const read = asked.replace(/\s+/g, ' ')
          for (const part of ['Demo staff (id / PIN):', 'mia 1111', 'ana 2222', 'kemal 3333'])
            expect(read, `${width}:\n${asked}`).toContain(part)
        }
      } finally {
        t.kill()
        await processesGone(tmp.dir, 'the demo daemon to stop').catch(() => undefined)
        await tmp.remove()
      }
    },
  )

  it('200x50, LANG=C: every screen of a manager’s menu draws no byte past ASCII', { timeout: 240_000 }, async () => {
    demo = await demoSignedIn('newcomer-ascii', 'mia', { width: 200, height: 50, env: { LANG: 'C', LC_ALL: 'C' } })
    const { t } = demo
    expect(nonAscii(t.screen({ escapes: true }))).toBe(0)
    for (const screen of menuFor('manager').filter((s) => roleAllows('manager', s.roles) && !s.id.startsWith('kitchen'))) {
      await t.openMenu(screen.label)
      // the screen's own first frame, and what it loads after (a list, a chart)
      const shown = await t.settled(500, 15_000, { escapes: true })
      expect(nonAscii(shown), `${screen.label}:\n${shown}`).toBe(0)
      t.key('Escape')
      await t.waitFor((s) => /Menu - Mia Demir/.test(s), `the menu after ${screen.label}`)
    }
  })
})
