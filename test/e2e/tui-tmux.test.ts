import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RecordedJob } from '../../printers/sim/virtual-printer.js'
import { afterEach, describe, expect, it } from 'vitest'
import { processesGone, processesOf } from '../helpers/processes.js'
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
  await removeDir?.()
})

describe.skipIf(!tmux)(`the TUI in a real terminal (tmux, 80x24)${skipReason('tmux', tmux)}`, () => {
  it('sign in, help, a 40-character scan at 100 chars/s, quit: the terminal is left clean', { timeout: 150_000 }, async () => {
    const tmp = await tempDataDir()
    removeDir = tmp.remove
    const script = [
      'echo BEFORE-OUTPOST',
      `${process.execPath} ${OUTPOST_BIN} --demo --data-dir ${tmp.dir}`,
      'echo "EXIT:$?"',
      // what the terminal's line discipline looks like after we left: cooked mode, echo on
      'stty -a | tr " ;" "\\n\\n" | grep -x -e icanon -e -icanon -e echo -e -echo | tr "\\n" " "; echo',
      'sleep 600',
    ].join('; ')
    session = TmuxSession.start(`outpost-e2e-${process.pid}`, `bash --norc --noprofile -c '${script}'`, {
      width: 80,
      height: 24,
      env: { NO_COLOR: '1', TERM: 'xterm-256color' },
    })
    const t = session

    await t.waitFor((s) => s.includes('Sign in') && s.includes('Demo stock room'), 'the sign-in screen', 60_000)
    expect(t.flag('#{alternate_on}')).toBe('1')
    // a person types (well over the scanner's burst gap between keys)
    await t.type('ana', 120)
    t.key('Enter')
    await t.type('2222', 120)
    await t.waitFor((s) => s.includes('••••'), 'the masked PIN')
    t.key('Enter')
    const menu = await t.waitFor((s) => s.includes('Menu — Ana Silva'), 'the menu')
    expect(menu).toContain('Ana Silva (picker)') // the status bar names who is signed in
    expect(menu).toMatch(/\? help\s*$/m) // the status bar fits 80 columns, help key included

    // NO_COLOR: no colour codes at all (inverse video for the status bar and selection is allowed)
    const styled = t.screen({ escapes: true })
    expect(styled).toContain('\u001b[7m')
    // eslint-disable-next-line no-control-regex -- matching terminal escape codes is the point
    expect(styled).not.toMatch(/\u001b\[[0-9;]*(3[0-7]|9[0-7]|38;[25])[;m]/)

    t.key('?')
    const help = await t.waitFor((s) => s.includes('Help — Menu'), 'the help overlay')
    expect(help).toContain('quit Outpost')
    t.key('Escape')
    await t.waitFor((s) => !s.includes('Help — Menu') && s.includes('Menu — Ana Silva'), 'help to close')

    // the scanner: 40 characters at ~100 characters per second, then Enter
    const code = 'ROLL-2026-000123-QUALITY-A-COLOR-NAVY-01'
    await t.scan(code, 100)
    const scanned = await t.waitFor((s) => s.includes('this site knows'), 'the scan result')
    expect(scanned.replace(/\n\s*/g, ' ')).toContain(`Last scan: ${code} (40 chars) — not a code this site knows`)
    expect(scanned).toContain('Menu — Ana Silva') // no scanned character was taken as a menu key

    t.key('q')
    const after = await t.waitFor((s) => /EXIT:\d+/.test(s) && /icanon|echo/.test(s), 'the shell after quitting')
    expect(after).toContain('EXIT:0')
    expect(after).toContain('BEFORE-OUTPOST') // back on the main screen, as it was
    expect(after).not.toContain('Menu — Ana Silva')
    expect(after).toMatch(/(^|\s)icanon(\s|$)/m)
    expect(after).toMatch(/(^|\s)echo(\s|$)/m)
    expect(t.flag('#{alternate_on}')).toBe('0')
    expect(t.flag('#{cursor_flag}')).toBe('1')
    // the daemon the TUI started is gone with it
    expect(processesOf(tmp.dir).filter((p) => p.args.includes('daemon'))).toEqual([])
  })

  it(
    'receiving rolls in the demo prints their labels on the virtual printer; the preview shows it, r reprints',
    { timeout: 150_000 },
    async () => {
      const tmp = await tempDataDir()
      removeDir = tmp.remove
      session = TmuxSession.startDemo(`outpost-print-${process.pid}`, OUTPOST_BIN, tmp.dir)
      const t = session
      await t.waitFor((s) => s.includes('Sign in') && s.includes('printer bench:ready'), 'the sign-in screen, the printer ready', 60_000)
      await t.signIn('ana', '2222', 120)
      await t.waitFor((s) => s.includes('Menu — Ana Silva'), 'the menu')
      t.key('4')
      await t.waitFor((s) => s.includes('Receive') && s.includes('Product'), 'the Receive screen')
      // the product and the shelf are scanned (a burst at ~100 characters/s, then Enter); the rest typed
      await t.scan('8690000000011', 100)
      await t.waitFor((s) => s.includes('Poplin 120 lacivert'), 'the product found')
      await t.type('L-77', 120)
      t.key('Enter')
      await t.scan('LOC-A011', 100)
      await t.waitFor((s) => s.includes('[A-01-1'), 'the location found')
      // the demo site writes 1.234,5: the field says so, and 1.720 is one thousand seven hundred and twenty
      const form = await t.waitFor((s) => s.includes('numbers: 1.234,5'), 'the number style beside the quantity')
      expect(form.split('\n').find((l) => l.includes('Quantity'))).toContain('numbers: 1.234,5')
      await t.type('1.720 MT', 120)
      await t.waitFor((s) => s.includes('read as 1.720 m'), 'the quantity as read')
      t.key('Enter')
      await t.type('2', 120)
      t.key('Enter')
      const done = await t.waitFor((s) => s.includes('label(s) printing'), 'the receipt')
      // each code once: the receipt's line and its undo hint (Ctrl-Z, issue #21) both name them
      const codes = [...new Set([...done.replace(/\n\s*/g, ' ').matchAll(/\b(R[0-9A-Z]+-0[12])\b/g)].map((m) => m[1]))]
      expect(codes).toHaveLength(2)

      t.key('Escape')
      t.key('3')
      await t.waitFor((s) => (s.match(/✓ printed/g) ?? []).length === 2, 'both labels printed')
      const received = () =>
        readFileSync(join(tmp.dir, 'virtual-printer.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as RecordedJob)
      expect(received().map((j) => [j.printed, j.barcodes[0]?.value, j.lines[0]])).toEqual(
        codes.map((c) => [true, c, 'Poplin 120 lacivert']),
      )
      // the newest job is selected and its preview loads after the list
      const preview = await t.waitFor((s) => s.includes(`[CODE128 ${codes[1]}]`), 'the preview of the newest label')
      expect(preview).toContain('1.720 m')
      t.key('r')
      await t.waitFor((s) => s.includes('(reprint)') && !s.includes('… queued'), 'the reprint printed')
      expect(received().map((j) => j.barcodes[0]?.value)).toEqual([...codes, codes[1]])
      t.key('Escape')
      t.key('q')
      // quitting stops the daemon the TUI started: wait for it before the data dir is removed
      await processesGone(tmp.dir, 'the daemon to stop with the TUI', {
        evidence: () => `daemon.log:\n${readFileSync(join(tmp.dir, 'daemon.log'), 'utf8').split('\n').slice(-5).join('\n')}`,
      })
      // its stop was its own, not the TUI's kill after 10 s
      expect(readFileSync(join(tmp.dir, 'daemon.log'), 'utf8')).toMatch(/"msg":"stopped"/)
    },
  )

  it(
    'killed with SIGTERM (a closed SSH session, systemd): the terminal is put back and its daemon stops',
    { timeout: 150_000 },
    async () => {
      const tmp = await tempDataDir()
      removeDir = tmp.remove
      const script = [
        `${process.execPath} ${OUTPOST_BIN} --demo --data-dir ${tmp.dir}`,
        'echo "EXIT:$?"',
        'stty -a | tr " ;" "\\n\\n" | grep -x -e icanon -e -icanon -e echo -e -echo | tr "\\n" " "; echo',
        'sleep 600',
      ].join('; ')
      session = TmuxSession.start(`outpost-term-${process.pid}`, `bash --norc --noprofile -c '${script}'`, {
        width: 80,
        height: 24,
        env: { TERM: 'xterm-256color' },
      })
      const t = session
      await t.waitFor((s) => s.includes('Sign in'), 'the sign-in screen', 60_000)
      expect(t.flag('#{alternate_on}')).toBe('1')
      const tui = processesOf(tmp.dir).find((p) => p.args.includes('--demo') && !p.args.includes('bash')) // the TUI itself, not the shell that runs it
      expect(tui).toBeDefined()
      process.kill(tui!.pid, 'SIGTERM')
      const after = await t.waitFor((s) => /EXIT:\d+/.test(s) && /icanon|echo/.test(s), 'the shell after SIGTERM')
      expect(after).toMatch(/(^|\s)icanon(\s|$)/m)
      expect(after).toMatch(/(^|\s)echo(\s|$)/m)
      expect(t.flag('#{alternate_on}')).toBe('0')
      expect(t.flag('#{cursor_flag}')).toBe('1')
      await processesGone(tmp.dir, 'no process of this data dir left')
    },
  )
})
