import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { busyNeighboursForThisFile } from '../helpers/busy-neighbours.js'
import { OUTPOST_BIN, tempDataDir } from '../helpers/daemon-process.js'
import { TmuxSession } from '../helpers/tmux.js'
import { menuFor } from '../../tui/screens/registry.js'
import { hasTool, skipReason } from '../helpers/tools.js'

/**
 * The habits of every screen (issue #21), in a real terminal at 80x24, 60x20 and 160x48: codes
 * whole in columns, the title and "? help" kept on a small terminal, find by name and by a code in
 * lower case, help on Receive (? in an empty field, F1), an empty Rolls field refused, undo of a
 * receipt, menus by role, scrollback kept after quitting, and ASCII only with LANG=C.
 */
const tmux = hasTool('tmux')
let session: TmuxSession | null = null
let dir: { dir: string; remove(): Promise<void> } | null = null
busyNeighboursForThisFile()
// one data dir for the three sizes: the demo is seeded once
beforeAll(async () => {
  dir = await tempDataDir()
})
afterAll(async () => {
  await dir?.remove()
})
afterEach(() => {
  session?.kill()
  session = null
})

const HISTORY = 300
const KEY_GAP = 150
const lines = (screen: string) => screen.split('\n')
/** The status bar: the last line drawn (the frame is one line short of the terminal, see app.tsx). */
const statusBar = (screen: string) =>
  lines(screen)
    .filter((l) => l.trim() !== '')
    .at(-1) ?? ''

function start(name: string, width: number, height: number, env: Record<string, string>): TmuxSession {
  // a shell with a history: 300 lines before the TUI, a marker after it, then it waits
  const script = [
    `for i in $(seq 1 ${HISTORY}); do echo "history line $i"; done`,
    `${process.execPath} ${OUTPOST_BIN} --demo --scan-gap 120 --data-dir ${dir!.dir}`,
    'echo "EXIT:$?"',
    'sleep 600',
  ].join('; ')
  return TmuxSession.start(name, `bash --norc --noprofile -c '${script}'`, {
    width,
    height,
    env: { NO_COLOR: '1', TERM: 'xterm-256color', ...env },
  })
}

describe.skipIf(!tmux)(`the habits of every screen in a real terminal (tmux)${skipReason('tmux', tmux)}`, () => {
  for (const [width, height, ascii] of [
    [80, 24, false],
    [60, 20, true],
    [160, 48, false],
  ] as const) {
    it(
      `${width}x${height}${ascii ? ', LANG=C' : ''}: codes whole, find by name, help on Receive, undo, menus by role, scrollback kept`,
      { timeout: 240_000 },
      async () => {
        const env: Record<string, string> = ascii ? { LANG: 'C', LC_ALL: 'C' } : { LANG: 'C.UTF-8' }
        session = start(`outpost-habits-${width}-${process.pid}`, width, height, env)
        const t = session
        await t.waitFor((s) => s.includes('Sign in') && s.includes('Demo stock room'), 'the sign-in screen', 90_000)
        const historyBefore = Number(t.flag('#{history_size}'))
        expect(historyBefore).toBeGreaterThan(0)

        // q on the empty sign-in form asks to quit, and types nothing
        t.key('q')
        const asked = await t.waitFor((s) => s.includes('Quit Outpost? y quits'), 'the quit question')
        expect(asked).toMatch(/Staff id\s+\[ ?\]/)
        t.key('Escape')
        await t.waitFor((s) => !s.includes('Quit Outpost?'), 'the question gone')

        // a kitchen hand gets no stock screens, and a number of one is refused before any form
        await t.signIn('kemal', '3333', KEY_GAP)
        const kitchen = await t.waitFor((s) => /Menu . Kemal/.test(s), 'the kitchen menu')
        expect(kitchen).not.toContain('Receive')
        expect(kitchen).not.toContain('Stock lookup')
        // his menu starts with the kitchen screens (menuFor), so Receive has another number for him
        const receive = menuFor('kitchen').findIndex((screen) => screen.label === 'Receive') + 1
        expect(receive).toBeGreaterThan(0)
        expect(receive).toBeLessThan(10)
        t.key(String(receive))
        await t.waitFor((s) => s.includes('Receive needs a picker'), 'Receive refused by the menu')
        t.key('s') // sign out
        await t.waitFor((s) => s.includes('Staff id'), 'signed out')

        await t.signIn('mia', '1111', KEY_GAP)
        const menu = await t.waitFor((s) => /Menu . Mia Demir/.test(s), 'the menu')
        expect(statusBar(menu)).toMatch(/\? help\s*$/) // the status bar keeps its help key

        // Stock lookup: a code typed in lower case, then lots and rolls whole
        // openMenu waits until the menu is gone, or the scan that follows joins the number (seen in
        // CI under load: "7pop-120-nv ... not a code this site knows")
        await t.openMenu('Stock lookup')
        await t.waitFor((s) => s.includes('Stock lookup') && !/Menu . Mia/.test(s), 'the lookup screen')
        await t.scan('pop-120-nv')
        const lookup = await t.waitFor((s) => s.includes('product POP-120-NV'), 'the product by its code in lower case', 30_000)
        expect(lookup).toContain('L2026-114')
        expect(lookup).toContain('L2026-152')
        expect(lookup).toContain('R-DEMO-11')
        expect(lines(lookup)[0]).toContain('Stock lookup') // the title stays at the top
        expect(statusBar(lookup)).toMatch(/\? help\s*$/)
        // find by name
        await t.scan('Poplin')
        const found = await t.waitFor((s) => s.includes('POP-120-WH') && s.includes('match'), 'Poplin found by name', 30_000)
        expect(found).toContain('POP-120-NV')
        t.key('Escape')
        await t.waitFor((s) => /Menu . Mia Demir/.test(s), 'the menu again')

        // Receive: ? in the empty field opens the help, F1 too; the field stays empty
        await t.openMenu('Receive')
        await t.waitFor((s) => s.includes('Receive') && s.includes('Product'), 'the Receive screen')
        t.key('?')
        const help = await t.waitFor((s) => s.includes('Help') && s.includes('Receive') && s.includes('Ctrl-Z'), 'the Receive help')
        expect(help).toContain('F1')
        t.key('Escape')
        await t.waitFor((s) => /Product\s+\[ ?\]/.test(s), 'the help closed, nothing typed')
        t.key('F1')
        await t.waitFor((s) => s.includes('Help') && s.includes('Ctrl-Z'), 'the help by F1')
        t.key('F1')
        await t.waitFor((s) => /Product\s+\[ ?\]/.test(s), 'the help closed by F1')

        // a receipt: an empty Rolls field is refused (it used to receive 1 roll), then 1 roll, then undone
        await t.scan('8690000000011')
        await t.waitFor((s) => s.includes('Poplin 120 lacivert'), 'the product')
        await t.type(`LH${width}`, KEY_GAP)
        t.key('Enter')
        await t.scan('LOC-A011')
        await t.waitFor((s) => s.includes('[A-01-1'), 'the location')
        await t.type('5', KEY_GAP)
        t.key('Enter')
        await t.waitFor((s) => s.includes('read as 5 m'), 'the quantity read')
        t.key('Enter')
        await t.waitFor((s) => s.includes('type how many rolls'), 'an empty Rolls field refused')
        await t.type('1', KEY_GAP)
        t.key('Enter')
        const received = await t.waitFor((s) => /received 1 . 5 m: R/.test(s), 'the receipt', 30_000)
        const roll = /received 1 . 5 m: (\S+)/.exec(received.replace(/\n/g, ' '))![1]!
        t.key('C-z')
        await t.waitFor((s) => s.includes(`undone: receipt of ${roll}`), 'the receipt undone', 30_000)
        t.key('C-z')
        await t.waitFor((s) => s.includes('nothing to undo'), 'only the last one')

        // ASCII only where the locale is not UTF-8 (the control: the UTF-8 runs have a dash)
        const shown = t.screen()
        if (ascii)
          expect(shown).not.toMatch(/[^\x00-\x7f]/) // eslint-disable-line no-control-regex -- the point
        else expect(menu).toContain('—')

        // quit: the shell's history is all still there (Ink's ESC[3J wiped it when frames were full height)
        t.key('Escape')
        await t.waitFor((s) => /Menu . Mia Demir/.test(s), 'the menu')
        t.key('q')
        await t.waitFor((s) => s.includes('EXIT:0'), 'the shell after quitting', 30_000)
        const historyAfter = Number(t.flag('#{history_size}'))
        expect(historyAfter).toBeGreaterThanOrEqual(historyBefore)
        const scrollback = t.history()
        expect(scrollback).toContain('history line 1\n')
        expect(scrollback).toContain(`history line ${HISTORY}\n`)
      },
    )
  }
})
