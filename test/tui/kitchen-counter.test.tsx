import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { render } from 'ink-testing-library'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { App } from '../../tui/app.js'
import { MENU_SCREENS } from '../../tui/screens/registry.js'
import { waitForFrame } from '../helpers/frames.js'
import { interceptedClient } from '../helpers/intercepted-client.js'
import type { startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { kitchenDaemon } from '../helpers/kitchen-site.js'
import { signIn } from '../helpers/tui-sign-in.js'

let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let app: SocketClient
let office: SocketClient
let exportDir: string

beforeEach(async () => {
  ;({ daemon, manager: office } = await kitchenDaemon())
  app = await daemon.connect()
  exportDir = await mkdtemp(join(tmpdir(), 'op-export-'))
  // a daemon, scrypt for each person and the kitchen's set-up: slow beside busy neighbours (seen over 30 s)
}, 90_000)
afterEach(async () => {
  app.close()
  office.close()
  await daemon.stop()
  await rm(exportDir, { recursive: true, force: true })
})

/** Type a line into the focused field and press Enter, waiting until the screen took it. */
async function line(ui: ReturnType<typeof render>, text: string, shows: (f: string) => boolean, what: string) {
  for (const ch of text) ui.stdin.write(ch)
  await waitForFrame(ui.lastFrame, (f) => f.includes(`[${text}`), `"${text}" typed`)
  ui.stdin.write('\r')
  return waitForFrame(ui.lastFrame, shows, what)
}

/** Menu item 2, the counter, once its menu shows. */
async function openCounter(ui: ReturnType<typeof render>) {
  ui.stdin.write('2')
  await waitForFrame(ui.lastFrame, (f) => f.includes('Counter') && f.includes('1 Burger 9.50'), 'the counter with the menu')
}

/** The counter open, a ticket for `label` begun with one burger on it. */
async function burgerFor(ui: ReturnType<typeof render>, label: string) {
  await openCounter(ui)
  await line(ui, `@${label}`, (f) => f.includes(`Ticket for ${label}`), 'the name')
  await line(ui, '1', (f) => f.includes('1× 1 Burger'), 'a burger')
}

/** Empty the entry field (Ctrl-U): a refused line stays in it to be corrected. */
async function clear(ui: ReturnType<typeof render>) {
  ui.stdin.write('\u0015')
  await waitForFrame(ui.lastFrame, (f) => f.includes('Entry  [ ]'), 'the field emptied')
}

async function kitchenMenu(client: SocketClient = app) {
  const ui = render(<App client={client} burstGapMs={30} exportDir={exportDir} />)
  await signIn(ui, 'kemal', '3333')
  return waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Kemal Aydın'), 'the menu').then((menu) => ({ ui, menu }))
}

describe('the kitchen screens by role', () => {
  it("a kitchen hand's menu starts with the kitchen screens; a picker's keeps the stock screens first", async () => {
    const { ui, menu } = await kitchenMenu()
    const rows = menu
      .split('\n')
      .filter((l) => /^\s+\d+ {2}\S/.test(l))
      .map((l) => l.trim())
    expect(rows.slice(0, 3)).toEqual(['1  Kitchen board', '2  Counter (tickets)', '3  Shifts'])
    ui.unmount()
    expect(MENU_SCREENS[0]!.id).not.toMatch(/^kitchen/)
  })
})

describe('the counter', () => {
  it('enters a ticket by menu numbers with a modifier, an allergy and a note, and fires it', async () => {
    const { ui } = await kitchenMenu()
    await openCounter(ui)
    await line(ui, '@table 4', (f) => f.includes('Ticket for table 4'), 'the name')
    await line(ui, '2*1', (f) => f.includes('2× 1 Burger  19.00'), 'two burgers')
    await line(ui, '+no onion', (f) => f.includes('+ no onion'), 'the modifier')
    await line(ui, '!nuts', (f) => f.includes('ALLERGY nuts'), 'the allergy')
    await line(ui, '"well done', (f) => f.includes('"well done"'), 'the note')
    await line(ui, '3', (f) => f.includes('1× 3 Fries') && f.includes('total 22.00'), 'fries')
    ui.stdin.write('\r')
    const done = await waitForFrame(ui.lastFrame, (f) => /✓ #T-\S+ fired for table 4, \d chit/.test(f), 'fired')
    const id = /#(T-\S+) fired/.exec(done)![1]!
    const ticket = await office.call('tickets.get', { ticket: id })
    expect(ticket.label).toBe('table 4')
    expect(ticket.parts[0]!.items.map((i) => [i.name, i.qty, i.modifiers, i.allergies, i.note])).toEqual([
      ['Burger', 2, ['no onion'], ['nuts'], 'well done'],
      ['Fries', 1, [], [], null],
    ])
    // and items added to it later are a new part
    await line(ui, `#${id}`, (f) => f.includes(`Adding to #${id}`), 'adding to the ticket')
    await line(ui, '2', (f) => f.includes('1× 2 Salad'), 'a salad')
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes(`added to #${id} (part 2)`), 'the new part')
    expect((await office.call('tickets.get', { ticket: id })).parts).toHaveLength(2)
    ui.unmount()
  })

  it('at 60 columns the menu and the ticket keep a space between them', async () => {
    // a menu line as long as its column: the item out, and why
    const shift = (await office.call('shifts.checkIn', { kind: 'truck', who: 'Truck 1' })).id
    await office.call('menu.out', { shift, item: 'burger' })
    const { ui } = await kitchenMenu()
    Object.defineProperty(ui.stdout, 'columns', { value: 60, configurable: true })
    Object.defineProperty(ui.stdout, 'rows', { value: 20, configurable: true })
    ui.stdout.emit('resize')
    await openCounter(ui)
    await line(ui, '@a rather long table name', (f) => f.includes('Ticket for a rather'), 'the name')
    const frame = ui.lastFrame()!
    for (const row of frame.split('\n')) expect(row.length, row).toBeLessThanOrEqual(60)
    // the shift by its name, as Shifts shows it, not its id
    expect(frame).toContain('Counter  shift Truck 1')
    const menuRow = frame.split('\n').find((r) => r.includes('1 Burger 9.50'))!
    expect(menuRow).toMatch(/✗ Burger .*…\s+Ticket for a rather/)
    ui.unmount()
  })

  it('a pasted list is typed into the entry, never fired: its line breaks are not Enter (bracketed paste)', async () => {
    const { ui } = await kitchenMenu()
    await burgerFor(ui, 'table 9')
    // the blank line was the counter's "fire"; each line was submitted as typed
    ui.stdin.write('\u001b[200~@pasted junk\r2\r\r3*4\r\u001b[201~')
    await waitForFrame(ui.lastFrame, (f) => f.includes('[@pasted junk 2 3*4'), 'the paste typed as one line')
    // no ticket at all: the pasted "@pasted junk" would have named the one its blank line fired
    expect((await office.call('tickets.board', {})).tickets).toEqual([])
    ui.unmount()
  })

  it('what is typed or scanned while a ticket is being fired is kept for the next one, not lost', async () => {
    // the daemon answers the fire only once the test lets it: the next line comes meanwhile
    let answer = () => {}
    const answered = new Promise<void>((resolve) => (answer = resolve))
    const slow = interceptedClient(app, async (method, params, call) => {
      if (method === 'tickets.fire') await answered
      return call(method, params)
    })
    const { ui } = await kitchenMenu(slow)
    await burgerFor(ui, 'table 8')
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('firing…'), 'firing')
    for (const ch of '@table 7') ui.stdin.write(ch)
    await waitForFrame(ui.lastFrame, (f) => f.includes('[@table 7'), 'the next line typed while firing')
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('✗ firing the last ticket: press Enter again'), 'Enter refused until it is through')
    answer()
    await waitForFrame(ui.lastFrame, (f) => /✓ #T-\S+ fired for table 8/.test(f) && f.includes('[@table 7'), 'fired, the next line kept')
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Ticket for table 7'), 'the next ticket begun')
    ui.unmount()
  })

  it('says in words what cannot be entered: an unknown number, an item out of stock, a full slot, no name', async () => {
    const shift = (await office.call('shifts.checkIn', { kind: 'truck', who: 'Truck 1' })).id
    await office.call('menu.out', { shift, item: 'fries' })
    await office.call('menu.throttle', { station: 'grill', open: null, perSlot: 1 })
    const { ui } = await kitchenMenu()
    ui.stdin.write('2')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Counter') && /3 Fries 3\.00 ✗ Fries is out of stock/.test(f), 'fries shown as out')
    await line(ui, '42', (f) => f.includes('✗ no menu item 42'), 'an unknown number')
    await clear(ui)
    await line(ui, '3', (f) => /^ ✗ Fries is out of stock/m.test(f), 'fries refused at once')
    await clear(ui)
    await line(ui, 'burger', (f) => f.includes('✗ "burger" is not a menu number'), 'a word refused')
    await clear(ui)
    await line(ui, '1', (f) => f.includes('1× 1 Burger'), 'a burger')
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('✗ whose is it? type @ and a name or table'), 'no name')
    await line(ui, '@Ana', (f) => f.includes('Ticket for Ana'), 'the name')
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('fired for Ana'), 'the first ticket of the slot')
    await line(ui, '@Bo', (f) => f.includes('Ticket for Bo'), 'the next name')
    await line(ui, '1', (f) => f.includes('1× 1 Burger'), 'a burger')
    ui.stdin.write('\r')
    const full = await waitForFrame(ui.lastFrame, (f) => /✗ .*slot is full at grill/.test(f), 'the slot full')
    // the refusal is one line of words, no schema text, and the ticket stays to fire later
    expect(full).not.toMatch(/expected|invalid_type|zod/i)
    expect(full).toContain('Ticket for Bo')
    ui.unmount()
  })
})

describe('the counter keeps what it refuses (#17)', () => {
  it('a 600-character note is refused with its real length and stays in the field to be shortened', async () => {
    const { ui } = await kitchenMenu()
    await burgerFor(ui, 'table 5')
    const note = 'abcdefghij'.repeat(60)
    ui.stdin.write(`"${note}`) // pasted: one read
    // the field is one row: it shows the note's end under the cursor, … before it
    await waitForFrame(ui.lastFrame, (f) => /Entry +\[…[a-j]{20,} \]/.test(f), 'the note pasted')
    ui.stdin.write('\r')
    const refused = await waitForFrame(ui.lastFrame, (f) => f.includes('✗ a note is at most 200 characters'), 'the note refused')
    expect(refused).toContain('✗ a note is at most 200 characters (this one is 600): shorten it')
    expect(refused).toMatch(/Entry +\[…[a-j]{20,} \]/)
    // all 600 are still there: 400 backspaces leave the note's first 200, taken whole
    ui.stdin.write('\u007f'.repeat(400))
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('"abcdefghijabcdefghij') && !f.includes('✗'), 'the shortened note taken')
    expect(ui.lastFrame()).toContain('Entry  [ ]')
    ui.stdin.write('\r')
    const done = await waitForFrame(ui.lastFrame, (f) => /✓ #T-\S+ fired for table 5/.test(f), 'fired')
    const ticket = await office.call('tickets.get', { ticket: /#(T-\S+) fired/.exec(done)![1]! })
    expect(ticket.parts[0]!.items[0]!.note).toBe(note.slice(0, 200))
    ui.unmount()
  })

  it('a refused line stays in the field: "abc", then "1.5*1", corrected in place', async () => {
    const { ui } = await kitchenMenu()
    await openCounter(ui)
    const abc = await line(ui, 'abc', (f) => f.includes('✗ "abc" is not a menu number'), 'abc refused')
    expect(abc).toContain('Entry  [abc')
    await clear(ui)
    const half = await line(ui, '1.5*1', (f) => f.includes('✗ "1.5*1" is not a menu number'), 'a fraction refused')
    expect(half).toContain('Entry  [1.5*1')
    // corrected in place: Home, two deletes, and "1.5*1" is "5*1"
    ui.stdin.write('\u001b[H')
    ui.stdin.write('\u001b[3~\u001b[3~')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Entry  [5*1'), 'corrected')
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('5× 1 Burger'), 'five burgers')
    ui.unmount()
  })
})

describe('the counter and the shift stock', () => {
  it('tells on its line that more portions are asked than the shift has left, counting the lines before', async () => {
    const shift = (await office.call('shifts.checkIn', { kind: 'truck', who: 'Truck 1' })).id
    await office.call('menu.stock', { shift, item: 'burger', portions: 3 })
    const { ui } = await kitchenMenu()
    ui.stdin.write('2')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Counter') && f.includes('1 Burger 9.50 3 left'), 'the burgers counted')
    await line(ui, '@table 9', (f) => f.includes('Ticket for table 9'), 'the name')
    await line(ui, '5*1', (f) => f.includes('✗ only 3 portions of Burger left this shift (5 asked)'), 'five refused on the line')
    await clear(ui)
    expect(ui.lastFrame()).not.toContain('× 1 Burger')
    await line(ui, '2*1', (f) => f.includes('2× 1 Burger  19.00'), 'two taken')
    await line(ui, '2*1', (f) => f.includes('✗ only 3 portions of Burger left this shift (4 asked)'), 'two more refused')
    await clear(ui)
    await line(ui, '1', (f) => f.includes('1× 1 Burger  9.50'), 'the third taken')
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => /✓ #T-\S+ fired for table 9/.test(f), 'fired')
    // the count set under what was sold: none left and how many over, not "-2 left"
    await office.call('menu.stock', { shift, item: 'burger', portions: 1 })
    await waitForFrame(ui.lastFrame, (f) => f.includes('1 Burger 9.50 0 left, 2 oversold'), 'the oversold count')
    ui.unmount()
  })
})

describe('shifts', () => {
  it('check in a truck, pause, resume, the summary, export to CSV with the right totals, check out', async () => {
    const { ui } = await kitchenMenu()
    ui.stdin.write('3')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Shifts (open)') && f.includes('No shift open'), 'no shift yet')
    ui.stdin.write('t')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Truck or place'), 'the name field')
    for (const ch of 'Truck 1') ui.stdin.write(ch)
    await waitForFrame(ui.lastFrame, (f) => f.includes('[Truck 1'), 'typed')
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Truck 1 checked in') && /truck +Truck 1 +open/.test(f), 'the truck shift')
    const shift = (await office.call('shifts.list', {}))[0]!.id
    // two tickets in it: 2 burgers (19.00) and a salad (7.00)
    await office.call('tickets.fire', { label: 'table 1', items: [{ item: 1, qty: 2 }] })
    await office.call('tickets.fire', { label: 'table 2', items: [{ item: 2 }] })
    await waitForFrame(ui.lastFrame, (f) => f.includes('Truck 1: 2 tickets, 3 items, 26.00'), 'the summary')
    ui.stdin.write('p')
    await waitForFrame(ui.lastFrame, (f) => /truck +Truck 1 +paused/.test(f), 'paused (the list, not only the message)')
    ui.stdin.write('p')
    await waitForFrame(ui.lastFrame, (f) => /truck +Truck 1 +open/.test(f) && f.includes('resumed'), 'resumed')
    ui.stdin.write('e')
    // named as `outpost kitchen export` names them (client/kitchen-export.ts), the folder told in full
    const wrote = await waitForFrame(ui.lastFrame, (f) => f.includes('✓ wrote'), 'exported')
    expect(wrote.replace(/\s+/g, ' ')).toContain(`wrote kitchen-${shift}-tickets.csv and kitchen-${shift}-summary.csv in ${exportDir}`)
    const rows = parse<Record<string, string>>(await readFile(join(exportDir, `kitchen-${shift}-tickets.csv`), 'utf8'), { columns: true })
    expect(rows).toHaveLength(2)
    const summary = await readFile(join(exportDir, `kitchen-${shift}-summary.csv`), 'utf8')
    expect(summary).toMatch(/2600/)
    // byte for byte what the daemon exported (the CLI writes it so): CRLF, not U+FFFD LF (seen, #17)
    const direct = await office.call('shifts.export', { shift, format: 'csv' })
    expect(summary).toBe(direct.summary)
    expect(await readFile(join(exportDir, `kitchen-${shift}-tickets.csv`), 'utf8')).toBe(direct.tickets)
    expect(summary).toContain('\r\n')
    ui.stdin.write('o')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Check Truck 1 out?'), 'the question')
    ui.stdin.write('y')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Truck 1 checked out'), 'checked out')
    expect((await office.call('shifts.list', { all: true }))[0]!.state).toBe('closed')
    ui.unmount()
  })
})
