import { MENU_SCREENS } from '../../tui/screens/registry.js'
import { afterEach, describe, expect, it } from 'vitest'
import { busyNeighboursForThisFile } from '../helpers/busy-neighbours.js'
import { OUTPOST_BIN, tempDataDir } from '../helpers/daemon-process.js'
import { TmuxSession } from '../helpers/tmux.js'
import { hasTool, skipReason } from '../helpers/tools.js'

const tmux = hasTool('tmux')
let session: TmuxSession | null = null
let removeDir: (() => Promise<void>) | null = null
busyNeighboursForThisFile()
afterEach(async () => {
  session?.kill()
  session = null
  await removeDir?.()
})

/**
 * Open a menu item past 9 as a person does: its number, two digits typed (issue #21). Not by
 * label: at 60x20 the menu scrolls, and with LANG=C its title's dash is ASCII.
 */
async function openFromMenu(t: TmuxSession, label: string): Promise<void> {
  await t.waitFor((s) => /Menu . /.test(s), 'the menu')
  const n = MENU_SCREENS.findIndex((s) => s.label === label) + 1
  expect(n).toBeGreaterThan(0)
  await t.type(String(n), 300)
}

const SIZES = [
  [80, 24],
  [60, 20],
  [160, 48],
] as const

describe.skipIf(!tmux)(`the Move screen and the overview in a real terminal${skipReason('tmux', tmux)}`, () => {
  for (const [width, height] of SIZES) {
    it(
      `${width}x${height}: rolls moved by scans with their codes and lots whole; the overview shows the move, the feed and a chart within the screen`,
      { timeout: 180_000 },
      async () => {
        const tmp = await tempDataDir()
        removeDir = tmp.remove
        // LANG=C at 60x20: the chart falls back to ASCII fill characters
        const ascii = width === 60
        const command = [process.execPath, OUTPOST_BIN, '--demo', '--scan-gap', '120', '--data-dir', tmp.dir].join(' ')
        session = TmuxSession.start(`outpost-move-${width}-${process.pid}`, command, {
          width,
          height,
          env: { NO_COLOR: '1', TERM: 'xterm-256color', ...(ascii ? { LANG: 'C', LC_ALL: 'C' } : { LANG: 'C.UTF-8' }) },
        })
        const t = session
        await t.waitFor((s) => s.includes('Sign in'), 'the sign-in screen', 60_000)
        await t.signIn('mia', '1111', 300)
        await openFromMenu(t, 'Move rolls')
        await t.waitFor((s) => s.includes('Scan the rolls to move.'), 'the Move screen')
        await t.scan('R-DEMO-51')
        await t.scan('R-DEMO-11')
        const listed = await t.waitFor((s) => s.includes('2 rolls on the list'), 'two rolls on the list')
        // codes, lots and shelves whole at every width; the held roll says for which order
        for (const whole of ['R-DEMO-51', 'R-DEMO-11', 'L2026-152', 'L2026-114', 'A-01-2', 'A-01-1', 'held SO-1001'])
          expect(listed).toContain(whole)
        await t.scan('LOC-C042')
        await t.waitFor((s) => s.includes('moved 2 rolls to C-04-2'), 'the move')
        t.key('Escape')

        await openFromMenu(t, 'Overview')
        const shown = await t.waitFor((s) => /Overview . today/.test(s) && s.includes('moved 2 rolls'), 'the overview')
        const lines = shown.split('\n')
        expect(lines.length).toBeLessThanOrEqual(height + 1)
        expect(shown).toContain('Lately')
        expect(shown).toMatch(/Maria|mia/i)
        expect(shown).toContain('moved a roll')
        // today's bar: the demo's receipts and the move, drawn
        const today = lines.find((l) => /^\s*\w{3} \d\d-\d\d [#+=.█▓▒░]+ +\d+/.test(l) && (ascii ? l.includes('#') : l.includes('█')))
        expect(today, `a bar for today in:\n${shown}`).toBeDefined()
        const chart = lines.filter((l) => /^\s*\w{3} \d\d-\d\d /.test(l))
        expect(chart).toHaveLength(7)
        if (ascii) for (const line of chart) expect(line, 'an ASCII chart').toMatch(/^[\x20-\x7e]*$/)
        // a move of two rolls is told once in the feed
        expect(shown).toContain('moved a roll x2')
        if (width >= 120) expect(shown).toContain('changed products')
        t.key('Escape')
        await t.waitFor((s) => /Menu . /.test(s), 'back at the menu')
      },
    )
  }
})
