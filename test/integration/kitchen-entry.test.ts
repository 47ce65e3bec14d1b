import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import type { SocketClient } from '../../client/socket-client.js'
import { STATIONS_OPERATIONS, type ShiftSummary } from '../../protocol/index.js'
import { signedIn, startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'
import { setUpKitchen } from '../helpers/kitchen-daemon.js'

/**
 * Entry at the counter against a real daemon: what is out, sold out, outside its window or over a
 * station's throttle is refused in one line saying why; malformed and hostile parameters are
 * refused with a clear error; nothing already entered is lost.
 */
let daemon: DaemonProcess
let admin: SocketClient
let remove: () => Promise<void>
let dir: string

beforeAll(async () => {
  ;({ dir, remove } = await tempDataDir())
  daemon = await startDaemonProcess(dir, { args: ['--no-network'] })
  admin = await signedIn(daemon, 'admin', daemon.adminSecret!)
  await setUpKitchen(admin, { burgers: 3 })
  await admin.call('people.add', { id: 'ana', name: 'Ana', role: 'picker', pin: '4821' })
  await admin.call('people.add', { id: 'kim', name: 'Kim', role: 'kitchen', pin: '4822' })
}, 60_000)
afterAll(async () => {
  admin.close()
  await daemon.stop()
  await remove()
})

const fire = (items: unknown[], more: object = {}) => admin.call('tickets.fire', { label: 'table 1', items, ...more } as never)
const refused = (message: string | RegExp, code = 'E_CONFLICT') => ({ code, message: expect.stringMatching(message) as unknown })

describe('kitchen entry refuses what cannot be made, in a person’s words', () => {
  it('an item marked out of stock for the shift', async () => {
    await admin.call('menu.out', { item: 'salad' })
    await expect(fire([{ item: 1 }, { item: 'salad' }])).rejects.toMatchObject(refused(/^Salad is out of stock for this shift$/))
    await admin.call('menu.out', { item: '2', out: false })
    await expect(fire([{ item: 'salad' }])).resolves.toMatchObject({ chits: 0 })
  })

  it('the first entered item is the one told, though the reads run together; an existing id before the menu', async () => {
    await admin.call('menu.out', { item: 'salad' })
    // a refusal before an unknown item, and an unknown item before a refusal: each told in entry order
    await expect(fire([{ item: 'salad' }, { item: 99 }])).rejects.toMatchObject(refused(/^Salad is out of stock for this shift$/))
    await expect(fire([{ item: 99 }, { item: 'salad' }])).rejects.toMatchObject(refused(/^no menu item number 99$/, 'E_NOT_FOUND'))
    await admin.call('menu.out', { item: '2', out: false })
    await fire([{ item: 'salad' }], { id: 'ORDER-1' })
    await expect(fire([{ item: 99 }], { id: 'ORDER-1' })).rejects.toMatchObject(refused(/^ticket ORDER-1 exists already$/))
  })

  it('more portions than the shift has left, then sold out', async () => {
    await expect(
      fire([
        { item: 1, qty: 2 },
        { item: 1, qty: 2 },
      ]),
    ).rejects.toMatchObject(refused(/^Burger: only 3 left for this shift$/))
    await fire([{ item: 1, qty: 3 }])
    await expect(fire([{ item: 1 }])).rejects.toMatchObject(refused(/^Burger is sold out for this shift \(3 portions\)$/))
    const menu = await admin.call('menu.list', {})
    expect(menu.items.find((i) => i.id === 'burger')).toMatchObject({ left: 0, refused: 'Burger is sold out for this shift (3 portions)' })
    await admin.call('menu.stock', { item: 'burger', portions: null })
  })

  it('an item outside its window, and a special of another shift', async () => {
    const h = new Date().getHours()
    const at = (x: number) => `${String(x % 24).padStart(2, '0')}:00`
    await admin.call('menu.set', {
      id: 'eggs',
      number: 7,
      name: 'Eggs',
      category: 'breakfast',
      price: 500,
      station: 'grill',
      windows: [{ name: 'breakfast', from: at(h + 2), to: at(h + 3) }],
    })
    await expect(fire([{ item: 7 }])).rejects.toMatchObject(refused(`^Eggs is served breakfast ${at(h + 2)}-${at(h + 3)} only$`))
    await admin.call('shifts.checkIn', { kind: 'place', who: 'Market', id: 'market' })
    await admin.call('menu.set', { id: 'stew', number: 8, name: 'Stew', category: 'mains', price: 900, station: 'grill', shift: 'market' })
    await expect(fire([{ item: 8 }], { shift: 'lunch' })).rejects.toMatchObject(refused(/^Stew is a special of shift market$/))
    // two services open: the counter must say which
    await expect(fire([{ item: 2 }])).rejects.toMatchObject(refused(/^name the shift: .* are open$/, 'E_INVALID_PARAMS'))
    await expect(fire([{ item: 8 }], { shift: 'market' })).resolves.toMatchObject({ chits: 0 })
    await admin.call('shifts.checkOut', { shift: 'market' })
  })

  it('a station over its throttle: open tickets, and tickets in the 15-minute slot', async () => {
    await admin.call('stations.set', { id: 'bar', name: 'Bar' })
    await admin.call('menu.set', { id: 'tea', number: 9, name: 'Tea', category: 'drinks', price: 200, station: 'bar' })
    await admin.call('menu.throttle', { station: 'bar', open: 1, perSlot: null })
    const first = await fire([{ item: 9 }])
    // its number typed in lower case, read off a chit, is the same ticket
    expect(first.ticket).toMatch(/^T-[0-9A-Z]+$/)
    expect((await admin.call('tickets.get', { ticket: first.ticket.toLowerCase() })).id).toBe(first.ticket)
    await expect(fire([{ item: 9 }])).rejects.toMatchObject(refused(/^bar is full: 1 open tickets \(its limit is 1\); bump one first$/))
    await admin.call('tickets.bump', { ticket: first.ticket, station: 'bar' })
    await admin.call('menu.throttle', { station: 'bar', open: null, perSlot: 2 })
    await fire([{ item: 9 }])
    await expect(fire([{ item: 9 }])).rejects.toMatchObject(
      refused(/^the \d\d:\d\d-(\d\d:\d\d) slot is full at bar \(2 tickets\); the next slot starts at \1$/),
    )
    const bar = (await admin.call('menu.throttles', {})).find((t) => t.station === 'bar')
    expect(bar).toMatchObject({ station: 'bar', perSlot: 2, inSlot: 2 })
    await admin.call('menu.throttle', { station: 'bar', open: null, perSlot: null })
    // with no limit the station is still listed, with its load (a manager saw "open -/∞" for 14 open)
    const unlimited = await admin.call('menu.throttles', {})
    expect(unlimited.find((t) => t.station === 'bar')).toMatchObject({ open: null, perSlot: null, inSlot: 2 })
    expect(unlimited.find((t) => t.station === 'bar')!.openNow).toBeGreaterThan(0)
    expect(unlimited.map((t) => t.station)).toEqual((await admin.call('stations.list', {})).map((st) => st.id).sort())
  })

  it('no kitchen role, no entry; a kitchen hand may', async () => {
    const ana = await signedIn(daemon, 'ana', '4821')
    await expect(ana.call('tickets.fire', { label: 'x', items: [{ item: 2 }] })).rejects.toMatchObject({ code: 'E_FORBIDDEN' })
    ana.close()
    const kim = await signedIn(daemon, 'kim', '4822')
    await expect(kim.call('tickets.fire', { label: 'x', items: [{ item: 2 }] })).resolves.toMatchObject({ chits: 0 })
    await expect(kim.call('menu.set', { id: 'x', number: 99, name: 'X', category: 'x', price: 1, station: 'grill' })).rejects.toMatchObject(
      {
        code: 'E_FORBIDDEN',
      },
    )
    kim.close()
  })
})

describe('kitchen methods refuse malformed and hostile parameters', () => {
  it('wrong types, oversized, unknown fields: one clear line each, the daemon answering after', async () => {
    const before = (await admin.call('tickets.list', { limit: 1000 })).length
    const cases: Array<[string, unknown, RegExp]> = [
      ['tickets.fire', { label: 'x', items: 'burger' }, /items/],
      ['tickets.fire', { label: 'x', items: [] }, /items/],
      ['tickets.fire', { label: 'x'.repeat(5000), items: [{ item: 1 }] }, /label/],
      ['tickets.fire', { label: 'x', items: [{ item: 1, qty: -1 }] }, /qty/],
      ['tickets.fire', { label: 'x', items: [{ item: 1, qty: 1e9 }] }, /qty/],
      ['tickets.fire', { label: 'x', items: Array.from({ length: 61 }, () => ({ item: 1 })) }, /items/],
      ['tickets.fire', { label: 'x', items: [{ item: 1, evil: true }] }, /evil/],
      ['tickets.fire', { label: 'x', items: [{ item: 'DROP TABLE' }] }, /item/],
      ['tickets.fire', { label: 'x', items: [{ item: 1, allergies: ['<script>'] }] }, /allerg/],
      // an escape code or a carriage return would reach every station screen as a terminal command
      ['tickets.fire', { label: 'esc\u001b[31mRED', items: [{ item: 1 }] }, /label.*no control characters/],
      ['tickets.fire', { label: 'x', note: 'a\rb', items: [{ item: 1 }] }, /note.*no control characters/],
      ['tickets.fire', { label: 'x', items: [{ item: 1, note: 'bell\u0007' }] }, /note.*no control characters/],
      ['tickets.fire', { label: 'x', items: [{ item: 1, modifiers: ['no\tonion'] }] }, /modifiers.*no control characters/],
      ['tickets.add', { ticket: 'T-1', items: [{ item: 1, modifiers: ['\u009b2J'] }] }, /modifiers.*no control characters/],
      ['tickets.cancel', { ticket: 'T-1', reason: 'x\u001b[2J' }, /reason.*no control characters/],
      // a station's and a menu item's name are drawn by every screen: a bell was drawn as � by the station chooser
      ['stations.set', { id: 'pizza', name: 'Bär 🍺\u0007' }, /name.*no control characters/],
      ['menu.set', { id: 'x', number: 1, name: 'X\u001b[2J', category: 'x', price: 1, station: 'grill' }, /name.*no control characters/],
      ['menu.set', { id: 'x', number: 1, name: 'X', category: 'x\ty', price: 1, station: 'grill' }, /category.*no control characters/],
      ['tickets.bump', { ticket: 'T 1', station: 'grill' }, /ticket/],
      ['tickets.cancel', { ticket: 'T-1', reason: '' }, /reason/],
      ['menu.set', { id: 'x', number: 'one', name: 'X', category: 'x', price: 1, station: 'grill' }, /number/],
      ['menu.set', { id: 'x', number: 1, name: 'X', category: 'x', price: 1.5, station: 'grill' }, /price/],
      [
        'menu.set',
        { id: 'x', number: 1, name: 'X', category: 'x', price: 1, station: 'grill', windows: [{ name: 'w', from: '25:00', to: '26:00' }] },
        /window|from|HH:MM/,
      ],
      ['stations.register', { screen: 'kds', name: 'K', stations: [], ageing: { warn: 5, late: 8 } }, /stations/],
      ['stations.register', { screen: 'kds', name: 'K\u001b]0;owned\u0007', stations: ['grill'] }, /name.*no control characters/],
      [
        'stations.register',
        { screen: 'kds', name: 'K', stations: ['grill'], ageing: { warn: 9, late: 8 } },
        /late comes after warn|ageing/,
      ],
      ['shifts.export', { shift: 'lunch', format: 'xlsx' }, /format/],
      ['shifts.summary', {}, /name a shift or a period outside shifts \(one of the two\)/],
      ['shifts.export', { shift: 'lunch', outside: { from: 0, to: 1 }, format: 'csv' }, /one of the two/],
      ['shifts.summary', { outside: { from: 5, to: 5 } }, /up to 31 days, to after from/],
      ['shifts.summary', { outside: { from: 0, to: 40 * 24 * 3600_000 } }, /up to 31 days/],
    ]
    for (const [method, params, mention] of cases) {
      const err = (await admin.call(method as never, params as never).then(
        () => null,
        (e: unknown) => e,
      )) as { code: string; message: string } | null
      expect(err, `${method} ${JSON.stringify(params).slice(0, 80)}`).not.toBeNull()
      expect(err!.code, method).toBe('E_INVALID_PARAMS')
      expect(err!.message, method).toMatch(mention)
      expect(err!.message.split('\n')).toHaveLength(1)
    }
    expect((await admin.call('tickets.list', { limit: 1000 })).length).toBe(before)
    expect((await admin.call('stations.list', {})).map((st) => st.id)).not.toContain('pizza')
    // the operations' payloads take such a name still: a log written before the rule folds as it did
    expect(STATIONS_OPERATIONS['stations.set'].payload.safeParse({ id: 'pizza', name: 'Bär 🍺\u0007' }).success).toBe(true)
  })

  it('in parallel: 30 tickets at once all land; the same id twice at once lands once', async () => {
    const before = (await admin.call('tickets.list', { limit: 1000 })).length
    const fired = await Promise.all(Array.from({ length: 30 }, (_, i) => fire([{ item: 2 }], { label: `p${i}` })))
    expect(new Set(fired.map((f) => f.ticket)).size).toBe(30)
    const twice = await Promise.allSettled([fire([{ item: 2 }], { id: 'SAME' }), fire([{ item: 2 }], { id: 'SAME' })])
    expect(twice.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect((twice.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject(
      refused(/^ticket SAME exists already$/),
    )
    expect((await admin.call('tickets.list', { limit: 1000 })).length).toBe(before + 31)
  })
})

describe('outpost kitchen export', () => {
  it('writes the shift as CSV files that parse back to the summary’s totals, formula cells neutralised', async () => {
    await admin.call('menu.set', { id: 'dip', number: 11, name: '=HYPERLINK("x")', category: 'sides', price: 150, station: 'cold' })
    const a = await fire(
      [
        { item: 1, qty: 2 },
        { item: 11, note: '@chef' },
      ],
      { label: '+table 7', shift: 'lunch' },
    )
    await admin.call('tickets.bump', { ticket: a.ticket, station: 'grill' })
    await admin.call('tickets.bump', { ticket: a.ticket, station: 'cold' })
    await admin.call('tickets.serve', { ticket: a.ticket })
    const b = await fire([{ item: 2 }], { shift: 'lunch' })
    await admin.call('tickets.cancel', { ticket: b.ticket, reason: 'customer left' })
    const summary = await admin.call('shifts.summary', { shift: 'lunch' })
    const env = { OUTPOST_PIN: daemon.adminSecret! }
    const run = await runCli(['--data-dir', dir, 'kitchen', 'export', '--shift', 'lunch', '--out', dir, '--as', 'admin'], env)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.trim().split('\n')).toEqual([join(dir, 'kitchen-lunch-tickets.csv'), join(dir, 'kitchen-lunch-summary.csv')])
    const rows = parse<Record<string, string>>(await readFile(join(dir, 'kitchen-lunch-tickets.csv'), 'utf8'), { columns: true })
    const live = rows.filter((r) => r.state !== 'cancelled')
    expect(live.reduce((sum, r) => sum + Number(r.total_cents), 0)).toBe(summary.revenue)
    expect(live.reduce((sum, r) => sum + Number(r.qty), 0)).toBe(summary.items)
    expect(new Set(live.map((r) => r.ticket)).size).toBe(summary.tickets)
    const mine = rows.filter((r) => r.ticket === a.ticket)
    expect(mine.map((r) => [r.label, r.name, r.note])).toEqual([
      ["'+table 7", 'Burger', ''],
      ["'+table 7", `'=HYPERLINK("x")`, "'@chef"],
    ])
    expect(rows.find((r) => r.ticket === b.ticket)).toMatchObject({ state: 'cancelled', cancel_reason: 'customer left' })
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- csv-parse types rows without columns as unknown
    const totals = Object.fromEntries(parse(await readFile(join(dir, 'kitchen-lunch-summary.csv'), 'utf8'), { from_line: 2 }) as string[][])
    expect(Number(totals.revenue_cents)).toBe(summary.revenue)
    expect(Number(totals['cancelled customer left'])).toBe(summary.cancellations.find((c) => c.reason === 'customer left')!.tickets)
    const json = await runCli(
      ['--data-dir', dir, 'kitchen', 'export', '--shift', 'lunch', '--format', 'json', '--out', dir, '--as', 'admin'],
      env,
    )
    expect(json.code, json.stderr).toBe(0)
    expect(JSON.parse(await readFile(join(dir, 'kitchen-lunch-summary.json'), 'utf8'))).toEqual(summary)
    const text = await runCli(['--data-dir', dir, 'kitchen', 'summary', '--shift', 'lunch', '--as', 'admin'], env)
    expect(text.stdout).toMatch(/^shift lunch \(truck Truck 1, open\)\ntickets \d+/)
    const none = await runCli(['--data-dir', dir, 'kitchen', 'export', '--shift', 'nope', '--as', 'admin'], env)
    expect(none.stderr.trim()).toMatch(
      /^outpost: no shift nope; recent: (.+, )?Truck 1 lunch \(in \d{4}-\d\d-\d\d \d\d:\d\d\) \(E_NOT_FOUND\)$/,
    )
    const nowhere = await runCli(['--data-dir', dir, 'kitchen', 'export', '--out', join(dir, 'no', 'such'), '--as', 'admin'], env)
    expect([nowhere.code, nowhere.stderr.trim()]).toEqual([
      1,
      `outpost: no folder ${join(dir, 'no', 'such')} to write the export to (E_NOT_FOUND)`,
    ])
  })
})

describe('outpost kitchen summary|export --shift', () => {
  it('takes the shift’s name (case aside) as the Shifts screen shows it, and refuses a name two shifts share', async () => {
    const env = { OUTPOST_PIN: daemon.adminSecret! }
    const cli = (...args: string[]) => runCli(['--data-dir', dir, 'kitchen', ...args, '--as', 'admin'], env)
    // closed at once: the next test fires with no service shift open
    const shift = async (who: string) => {
      const { id } = await admin.call('shifts.checkIn', { kind: 'place', who })
      await admin.call('shifts.checkOut', { shift: id })
      return id
    }
    const brunch = await shift('Brunch')
    const byName = await cli('summary', '--shift', 'brunch')
    expect(byName.code, byName.stderr).toBe(0)
    expect(byName.stdout).toMatch(new RegExp(`^shift ${brunch} \\(place Brunch, closed\\)\n`))
    const byId = await cli('summary', '--shift', brunch)
    expect(byId.stdout).toBe(byName.stdout)
    // the id typed in lower case, as a person copies it from a screen
    expect(brunch).toMatch(/^S-[0-9A-Z]+$/)
    expect((await cli('summary', '--shift', brunch.toLowerCase())).stdout).toBe(byName.stdout)
    const exported = await cli('export', '--shift', 'BRUNCH', '--out', dir)
    expect(exported.stdout.trim().split('\n')).toEqual([
      join(dir, `kitchen-${brunch}-tickets.csv`),
      join(dir, `kitchen-${brunch}-summary.csv`),
    ])
    const [van1, van2] = [await shift('Van'), await shift('Van')]
    const twice = await cli('export', '--shift', 'van', '--out', dir)
    const at = '\\(in \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\)'
    expect([twice.code, twice.stderr.trim()]).toEqual([
      2,
      expect.stringMatching(
        new RegExp(`^outpost: 2 shifts are named van: Van ${van2} ${at}, Van ${van1} ${at}; name one by its id \\(E_USAGE\\)$`),
      ),
    ])
    expect((await cli('summary', '--shift', van1)).stdout).toMatch(new RegExp(`^shift ${van1} `))
  })
})

describe('tickets fired with no truck or place shift open', () => {
  it('are counted outside any shift, by summary and export, so none is missing from the numbers', async () => {
    const env = { OUTPOST_PIN: daemon.adminSecret! }
    const cli = (...args: string[]) => runCli(['--data-dir', dir, 'kitchen', ...args, '--as', 'admin'], env)
    await admin.call('shifts.checkOut', { shift: 'lunch' })
    const early = await fire([{ item: 2, qty: 2 }], { label: 'early bird' })
    expect((await admin.call('tickets.get', { ticket: early.ticket })).shift).toBeNull()
    const all = await admin.call('tickets.list', { limit: 1000 })
    const text = await cli('summary', '--outside')
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(
      /^outside any shift \(\S+ to \S+\)\ntickets 1 \(served 0, open 1, oversold 0\) {3}items 2 {3}revenue 14\.00\n/,
    )
    // every ticket is in a shift's numbers or in today's outside any shift
    const json = await cli('summary', '--outside', '--json')
    const outside = JSON.parse(json.stdout) as ShiftSummary
    const counted = (s: ShiftSummary) => s.tickets + s.cancellations.reduce((n, c) => n + c.tickets, 0)
    const shifts = await admin.call('shifts.list', { all: true })
    const inShifts = await Promise.all(shifts.map(async (s) => counted(await admin.call('shifts.summary', { shift: s.id }))))
    expect(inShifts.reduce((a, b) => a + b, 0) + counted(outside)).toBe(all.length)
    const exported = await cli('export', '--outside', '--out', dir)
    expect(exported.code, exported.stderr).toBe(0)
    const [tickets, summary] = exported.stdout.trim().split('\n')
    expect(tickets).toMatch(new RegExp(`^${dir}/kitchen-outside-\\d{4}-\\d\\d-\\d\\d-tickets\\.csv$`))
    expect(parse<Record<string, string>>(await readFile(tickets!, 'utf8'), { columns: true })).toMatchObject([
      { ticket: early.ticket, label: 'early bird', qty: '2' },
    ])
    expect(await readFile(summary!, 'utf8')).toMatch(/shift,outside any shift\r\n/)
    // a day that is not one, and both at once, are refused in one line
    const bad = await cli('summary', '--outside', '2026-02-30')
    expect([bad.code, bad.stderr.trim()]).toEqual([2, 'outpost: 2026-02-30 is not a day: write it YYYY-MM-DD, e.g. 2026-12-03 (E_USAGE)'])
    const both = await cli('export', '--shift', 'lunch', '--outside', '--out', dir)
    expect([both.code, both.stderr.trim()]).toEqual([2, 'outpost: --shift or --outside, not both (E_USAGE)'])
  })
})
