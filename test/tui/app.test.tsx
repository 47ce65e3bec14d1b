import { render } from 'ink-testing-library'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { App } from '../../tui/app.js'
import { waitForFrame } from '../helpers/frames.js'
import { signIn, typeSlowly } from '../helpers/tui-sign-in.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'

type Daemon = Awaited<ReturnType<typeof startInProcessDaemon>>
let daemon: Daemon
let client: SocketClient

beforeEach(async () => {
  daemon = await startInProcessDaemon([
    { id: 'ana', name: 'Ana Silva', role: 'picker', pin: '2222' },
    { id: 'mia', name: 'Mia Demir', role: 'manager', pin: '1111' },
  ])
  client = await daemon.connect()
})
afterEach(async () => {
  client.close()
  await daemon.stop()
})

const BURST_GAP_MS = 30

describe('TUI shell', () => {
  it('signs in, opens help, takes a 40-character scan whole, and quits', async () => {
    let quit = false
    const ui = render(<App client={client} burstGapMs={BURST_GAP_MS} onQuit={() => (quit = true)} />)
    await signIn(ui, 'ana', '2222')
    const home = await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Ana Silva'), 'the menu')
    expect(home).toContain('Ana Silva (picker)') // the status bar names who is signed in
    // menus by role: a picker does not get the manager's screens (their numbers stay gaps)
    expect(home).not.toContain('Audit log')
    expect(home).toMatch(/1 {2}Shift notes\n\s+3 {2}Printing/)
    expect(home).toContain('printer none')

    ui.stdin.write('?')
    const help = await waitForFrame(ui.lastFrame, (f) => f.includes('Help — Menu'), 'the help overlay')
    expect(help).toContain('sign out')
    expect(help).toContain('show or hide this help')
    ui.stdin.write('\u001b')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Ana Silva') && !f.includes('Help —'), 'help to close')

    const code = 'ROLL-2026-000123-QUALITY-A-COLOR-NAVY-01'
    expect(code).toHaveLength(40)
    // a scanner: one character every 10 ms (100 chars/s), then Enter
    for (const c of code) {
      ui.stdin.write(c)
      await new Promise((r) => setTimeout(r, 10))
    }
    ui.stdin.write('\r')
    const scanned = await waitForFrame(ui.lastFrame, (f) => f.includes('not a code this site knows'), 'the scan result')
    expect(scanned).toContain(`Last scan: ${code} (40 chars)`)
    // none of the scanned characters was taken as a menu key (j/k, digits, s, q)
    expect(scanned).toContain('Menu — Ana Silva')

    expect(quit).toBe(false)
    ui.stdin.write('q')
    await waitForFrame(
      () => (quit ? 'quit' : ''),
      (f) => f === 'quit',
      'the app to quit',
    )
    ui.unmount()
  })

  it('a scanned two-factor badge fills the staff id and goes with the PIN', async () => {
    const admin = await daemon.connect()
    await admin.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
    const { badge } = await admin.call('people.issueBadge', { id: 'mia' })
    admin.close()
    const ui = render(<App client={client} burstGapMs={BURST_GAP_MS} />)
    await waitForFrame(ui.lastFrame, (f) => f.includes('Sign in'), 'the sign-in screen')
    // a badge that is not mia's current one: her right PIN alone does not get her in
    ui.stdin.write(`mia:${'a'.repeat(26)}\r`)
    await waitForFrame(ui.lastFrame, (f) => f.includes('[mia ') && f.includes('Badge scanned'), 'the badge to fill the staff id')
    await typeSlowly(ui, '1111', (f, typed) => f.includes('•'.repeat(typed.length)))
    ui.stdin.write('\r')
    expect(await waitForFrame(ui.lastFrame, (f) => f.includes('✗'), 'the refusal')).toContain('✗ unknown person or wrong PIN')
    ui.stdin.write(`${badge}\r`)
    await waitForFrame(ui.lastFrame, (f) => !f.includes('✗') && f.includes('Badge scanned'), 'the right badge')
    await typeSlowly(ui, '1111', (f, typed) => f.includes('•'.repeat(typed.length)))
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Mia Demir'), 'the menu')
    ui.unmount()
  })

  it('a scanned staff badge fills the staff id; a wrong PIN is one clear line', async () => {
    const ui = render(<App client={client} burstGapMs={BURST_GAP_MS} />)
    await waitForFrame(ui.lastFrame, (f) => f.includes('Sign in'), 'the sign-in screen')
    ui.stdin.write('mia\r') // a burst: the badge scanner
    await waitForFrame(ui.lastFrame, (f) => f.includes('[mia'), 'the badge to fill the staff id')
    await typeSlowly(ui, '9999', (f, typed) => f.includes('•'.repeat(typed.length)))
    ui.stdin.write('\r')
    const refused = await waitForFrame(ui.lastFrame, (f) => f.includes('✗'), 'the refusal')
    expect(refused).toContain('✗ unknown person or wrong PIN')
    await typeSlowly(ui, '1111', (f, typed) => f.includes('•'.repeat(typed.length)))
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Mia Demir'), 'the menu')
    ui.unmount()
  })

  it('a manager reads the audit log; a note posted on the notes screen shows up there', async () => {
    const ui = render(<App client={client} burstGapMs={BURST_GAP_MS} />)
    await signIn(ui, 'mia', '1111')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Mia Demir'), 'the menu')
    ui.stdin.write('1')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Shift notes') && f.includes('n: write a note'), 'the notes screen')
    ui.stdin.write('n')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Note  ['), 'the note field')
    await typeSlowly(ui, 'Bay 4 wet', (f, typed) => f.includes(typed))
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('✓ note posted') && f.includes('Mia Demir Bay 4 wet'), 'the posted note')
    ui.stdin.write('b')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Mia Demir'), 'the menu')
    ui.stdin.write('2')
    // the person by name (the staff id shows until the names come)
    const audit = await waitForFrame(ui.lastFrame, (f) => /Mia Demir\s+notes\.post\s+\S+\s+✓/.test(f), 'the audit log')
    expect(audit).toMatch(/@system\s+people\.add/)
    ui.unmount()
  })

  it('two digits that arrive in one read open the two-digit item, not the second digit', async () => {
    const ui = render(<App client={client} burstGapMs={BURST_GAP_MS} />)
    await signIn(ui, 'mia', '1111')
    const menu = await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Mia Demir') && /\b12 {2}\S/.test(f), 'the menu')
    const label = /\b12 {2}(\S[^│|\n]*?)\s*(?:[│|]|\n|$)/m.exec(menu)![1]!.trim()
    const second = /\b2 {2}(\S[^│|\n]*?)\s*(?:[│|]|\n|$)/m.exec(menu)![1]!.trim()
    ui.stdin.write('12')
    const opened = await waitForFrame(ui.lastFrame, (f) => !f.includes('Menu — Mia Demir'), 'a screen')
    expect(opened).toContain(label)
    expect(opened.split('\n')[0]).not.toContain(second)
    ui.unmount()
  })

  it('"1" then "9" is 19, never 9: a number the menu does not have is said, and nothing opens', async () => {
    const ui = render(<App client={client} burstGapMs={BURST_GAP_MS} />)
    await signIn(ui, 'ana', '2222')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Ana Silva') && /\b9 {2}\S/.test(f), 'the menu, with a 9 of its own')
    ui.stdin.write('1')
    await waitForFrame(ui.lastFrame, (f) => f.includes('1_'), 'the first digit held')
    ui.stdin.write('9')
    const said = await waitForFrame(ui.lastFrame, (f) => f.includes('✗'), 'what 19 is')
    expect(said).toMatch(/✗ (no 19 on this menu|\S.* needs a \w+)/)
    expect(said).toContain('Menu — Ana Silva')
    ui.unmount()
  })

  it('the menu refuses the audit log to a picker; a note from another client appears without a key press', async () => {
    const ui = render(<App client={client} burstGapMs={BURST_GAP_MS} />)
    await signIn(ui, 'ana', '2222')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Ana Silva'), 'the menu')
    ui.stdin.write('2')
    await waitForFrame(ui.lastFrame, (f) => f.includes('✗ Audit log needs a manager'), 'the refusal')
    ui.stdin.write('1')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Shift notes') && f.includes('No notes.'), 'the empty notes screen')
    // another terminal posts a note; the daemon pushes the change and the open screen shows it
    const other = await daemon.connect()
    await other.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
    await other.call('notes.post', { text: 'forklift battery swap at 14:00' })
    other.close()
    await waitForFrame(ui.lastFrame, (f) => f.includes('Administrator forklift battery swap at 14:00'), 'the pushed note')
    ui.unmount()
  })
})
