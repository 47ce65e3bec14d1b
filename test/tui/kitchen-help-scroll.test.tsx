import { render } from 'ink-testing-library'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { App } from '../../tui/app.js'
import { waitForFrame } from '../helpers/frames.js'
import { startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { KITCHEN_PEOPLE, screenConfig, setUpKitchen } from '../helpers/kitchen-site.js'
import { signIn } from '../helpers/tui-sign-in.js'

/**
 * The `?` help of the kitchen board on a small terminal: at 80x24 every key shows; at 60x20 and
 * 80x16 its keys are more lines than the rows, and the lines past the last row were cut off, the
 * way to close it with them. It scrolls: ↑ ↓ PgUp PgDn Home End, and says which lines show.
 */
let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let app: SocketClient

beforeAll(async () => {
  daemon = await startInProcessDaemon(KITCHEN_PEOPLE)
  const manager = await daemon.connect()
  await manager.call('session.signIn', { person: 'mia', pin: '1111' })
  await setUpKitchen(manager)
  manager.close()
  app = await daemon.connect()
}, 90_000)
afterAll(async () => {
  app?.close()
  await daemon?.stop()
})

describe('the kitchen help on a small terminal', () => {
  it('at 80x24 every key shows, and the way to close it', { timeout: 120_000 }, async () => {
    const ui = render(<App client={app} burstGapMs={30} kitchen={screenConfig(['grill'])} />)
    Object.defineProperty(ui.stdout, 'columns', { value: 80, configurable: true })
    Object.defineProperty(ui.stdout, 'rows', { value: 24, configurable: true })
    ui.stdout.emit('resize')
    await signIn(ui, 'kemal', '3333')
    await waitForFrame(ui.lastFrame, (f) => f.includes('No tickets for these stations'), 'the board')
    ui.stdin.write('?')
    const help = await waitForFrame(ui.lastFrame, (f) => f.includes('Help — Kitchen board'), 'the help')
    expect(help.split('\n').length).toBeLessThan(24)
    for (const key of ['1-9', 'Enter', 'h/H', 'r/R', 'c/C', 'a/A', 's/S', 'l/L', 'Esc', 'scanner'])
      expect(help).toMatch(new RegExp(`│ ${key} `))
    expect(help).toContain('Esc, ? or F1 closes this help')
    // the board reads no codes: its help must not say a scan goes to it (it said so, #17)
    expect(help).toMatch(/scanner +the board takes no scans/)
    expect(help).not.toContain('it goes to this screen')
    expect(help.trimEnd().split('\n').at(-1)).toContain('? help')
    ui.unmount()
  })

  it.each([
    [60, 20],
    [80, 16],
  ])('at %ix%i it fits and scrolls to its last line', { timeout: 120_000 }, async (columns, rows) => {
    const ui = render(<App client={app} burstGapMs={30} kitchen={screenConfig(['grill'])} />)
    Object.defineProperty(ui.stdout, 'columns', { value: columns, configurable: true })
    Object.defineProperty(ui.stdout, 'rows', { value: rows, configurable: true })
    ui.stdout.emit('resize')
    await signIn(ui, 'kemal', '3333')
    await waitForFrame(ui.lastFrame, (f) => f.includes('No tickets for these stations'), 'the board')
    ui.stdin.write('?')
    const first = await waitForFrame(ui.lastFrame, (f) => f.includes('Help — Kitchen board'), 'the help')
    const lines = first.split('\n')
    expect(lines.length).toBeLessThan(rows)
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(columns)
    const [, from, to, of] = /lines (\d+)-(\d+) of (\d+)/.exec(first)!.map(Number)
    expect(from).toBe(1)
    expect(to).toBeLessThan(of!)
    expect(first).toMatch(/1-9 +bump tile N/)
    expect(first).not.toMatch(/scanner +the board takes no scans/)
    // to the end: the last line (the scanner's) shows, the first has scrolled away
    ui.stdin.write('\u001b[6~') // PgDn
    ui.stdin.write('\u001b[6~')
    ui.stdin.write('\u001b[6~')
    const end = await waitForFrame(ui.lastFrame, (f) => new RegExp(`lines \\d+-${of} of ${of}`).test(f), 'the help scrolled to its end')
    expect(end).toMatch(/scanner +the board takes no scans/)
    expect(end).not.toMatch(/1-9 +bump tile N/)
    expect(end.split('\n').length).toBeLessThan(rows)
    // ↑ a line back; Home the top again; the board's keys reach nothing behind the help
    ui.stdin.write('\u001b[H') // Home
    await waitForFrame(ui.lastFrame, (f) => /lines 1-\d+ of/.test(f) && /1-9 +bump tile N/.test(f), 'the help at its top')
    ui.stdin.write('\u001b')
    await waitForFrame(ui.lastFrame, (f) => !f.includes('Help —') && f.includes('No tickets for these stations'), 'the board back')
    ui.unmount()
  })
})
