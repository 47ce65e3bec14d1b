import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { render } from 'ink-testing-library'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { App } from '../../tui/app.js'
import { waitForFrame } from '../helpers/frames.js'
import type { startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { kitchenDaemon } from '../helpers/kitchen-site.js'
import { signIn } from '../helpers/tui-sign-in.js'

/**
 * The Shifts screen on small terminals (80x24, 60x20): the list's columns and the summary beside
 * or under it a space apart and inside the width, long names cut with an ellipsis (they ran
 * together, #17); and the tickets fired with no shift open, a row of their own with their numbers.
 */
let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let office: SocketClient
let app: SocketClient
let exportDir: string

beforeEach(async () => {
  ;({ daemon, manager: office } = await kitchenDaemon())
  app = await daemon.connect()
  exportDir = await mkdtemp(join(tmpdir(), 'op-shift-'))
}, 90_000)
afterEach(async () => {
  app.close()
  office.close()
  await daemon.stop()
  await rm(exportDir, { recursive: true, force: true })
})

async function shiftsAt(columns: number, rows: number) {
  const ui = render(<App client={app} burstGapMs={30} exportDir={exportDir} />)
  Object.defineProperty(ui.stdout, 'columns', { value: columns, configurable: true })
  Object.defineProperty(ui.stdout, 'rows', { value: rows, configurable: true })
  ui.stdout.emit('resize')
  await signIn(ui, 'kemal', '3333')
  await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Kemal Aydın'), 'the menu')
  ui.stdin.write('3')
  return ui
}

/** A busy lunch: a truck with a long name, a person's shift, tickets bumped at two stations, a cancel. */
async function busyLunch() {
  await office.call('shifts.checkIn', { kind: 'person', who: 'mia' })
  const shift = (await office.call('shifts.checkIn', { kind: 'truck', who: 'The Big Yellow Taco Truck at the Pier' })).id
  const a = await office.call('tickets.fire', { label: 'table 1', items: [{ item: 1, qty: 2 }, { item: 2 }] })
  await office.call('tickets.bump', { ticket: a.ticket, station: 'grill' })
  await office.call('tickets.bump', { ticket: a.ticket, station: 'cold' })
  const b = await office.call('tickets.fire', { label: 'table 2', items: [{ item: 3 }] })
  await office.call('tickets.cancel', { ticket: b.ticket, reason: 'customer left after a very long wait at the window' })
  return shift
}

describe('the Shifts screen fits small terminals', () => {
  it.each([
    [80, 24],
    [60, 20],
  ])('at %ix%i: columns a space apart, inside the width, names cut with an ellipsis', { timeout: 120_000 }, async (columns, rows) => {
    await busyLunch()
    const ui = await shiftsAt(columns, rows)
    const frame = await waitForFrame(
      ui.lastFrame,
      (f) => f.includes('tickets, 3 items') && f.includes('cancelled') && f.includes('grill'),
      'the truck and its summary',
    )
    const lines = frame.split('\n')
    expect(lines.length).toBeLessThanOrEqual(rows)
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(columns)
    // the truck's row: kind, name (cut), state and check-in time, each a space apart
    expect(frame).toMatch(/ truck +The Big Yellow[^\n]*… +open +\d\d:\d\d/)
    expect(frame).toMatch(/ person +mia +open +\d\d:\d\d/)
    // the summary is its own text: its title starts a column of its own, never glued to the list
    expect(frame).toMatch(/(^ | {2})The Big Ye[^\n]*: 1 tickets, 3 items, 26\.00/m)
    expect(frame).toMatch(/(^| )grill +\d+\.\d min/m)
    expect(frame).toMatch(/(^| )cancelled +tickets/m)
    // and where e and J write, in full
    expect(frame).toContain(`e/J export to ${exportDir}`)
    ui.unmount()
  })
})

describe('tickets fired with no shift open', () => {
  it('are a row "outside any shift" today with their numbers, exported like a shift', { timeout: 120_000 }, async () => {
    const ui = await shiftsAt(80, 24)
    await waitForFrame(ui.lastFrame, (f) => f.includes('No shift open'), 'no shift')
    // the counter says so before the ticket is fired, and after
    ui.stdin.write('\u001b')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Kemal Aydın'), 'the menu')
    ui.stdin.write('2')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Counter') && f.includes('1 Burger 9.50'), 'the counter')
    for (const [text, shows] of [
      ['@early bird', 'Ticket for early bird'],
      ['3*1', 'no shift open: outside any shift'],
    ] as const) {
      for (const ch of text) ui.stdin.write(ch)
      await waitForFrame(ui.lastFrame, (f) => f.includes(`[${text}`), `"${text}" typed`)
      ui.stdin.write('\r')
      await waitForFrame(ui.lastFrame, (f) => f.includes(shows), shows)
    }
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => /✓ #T-\S+ fired for early bird, 0 chit\(s\), outside any shift/.test(f), 'fired outside')
    ui.stdin.write('\u001b')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Kemal Aydın'), 'the menu')
    ui.stdin.write('3')
    await waitForFrame(ui.lastFrame, (f) => /— +outside any shift +today/.test(f), 'the row outside shifts')
    await waitForFrame(ui.lastFrame, (f) => /outside an[^\n]*: 1 tickets, 3 items, 28\.50/.test(f), 'its numbers')
    ui.stdin.write('e')
    const wrote = await waitForFrame(ui.lastFrame, (f) => f.includes('✓ wrote'), 'exported')
    const day = /kitchen-outside-(\d{4}-\d\d-\d\d)-tickets\.csv/.exec(wrote)![1]!
    const tickets = await readFile(join(exportDir, `kitchen-outside-${day}-tickets.csv`), 'utf8')
    expect(tickets).toMatch(/early bird/)
    expect(await readFile(join(exportDir, `kitchen-outside-${day}-summary.csv`), 'utf8')).toMatch(/revenue_cents,2850/)
    ui.unmount()
  })
})
