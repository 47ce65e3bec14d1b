import { render } from 'ink-testing-library'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { App } from '../../tui/app.js'
import { DEFAULT_KEYMAP, keymapOf, tileTags, type Keymap } from '../../tui/keys/kitchen-keymap.js'
import { eventually } from '../helpers/eventually.js'
import { waitForFrame } from '../helpers/frames.js'
import { interceptedClient } from '../helpers/intercepted-client.js'
import type { startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { kitchenWithCook, screenConfig } from '../helpers/kitchen-site.js'
import { signIn } from '../helpers/tui-sign-in.js'

let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let app: SocketClient
let cook: SocketClient
/** The tickets fired, oldest first. */
let fired: string[]

beforeEach(async () => {
  ;({ daemon, cook } = await kitchenWithCook())
  fired = []
  for (let n = 1; n <= 6; n++) {
    const items = [{ item: 1, qty: n }, ...(n % 2 === 0 ? [{ item: 2 }] : [])]
    fired.push((await cook.call('tickets.fire', { label: `table ${n}`, items })).ticket)
  }
  app = await daemon.connect()
  // a daemon, scrypt for each person and the kitchen's set-up: slow beside busy neighbours (seen over 30 s)
}, 90_000)
afterEach(async () => {
  app.close()
  cook.close()
  await daemon.stop()
})

/** The ticket is drawn as a tile (its number line inside a tile's border), not only named in a message. */
const onBoard = (frame: string, ticket: string) => frame.split('\n').some((l) => l.includes(`#${ticket} `) && l.includes('│'))

const grillDone = async (ticket: string) =>
  (await cook.call('tickets.get', { ticket })).parts[0]!.items.filter((i) => i.station === 'grill').every((i) => i.done !== null)

async function openBoard(stations: string[], keymap?: Keymap, client: SocketClient = app) {
  const ui = render(<App client={client} burstGapMs={30} kitchen={screenConfig(stations, keymap)} />)
  await signIn(ui, 'kemal', '3333')
  // straight to the board, no menu: what `outpost kitchen --station grill` opens
  // tile 1 is drawn with the key that bumps it: "1" by default
  const first = tileTags(keymap ?? DEFAULT_KEYMAP)[0]
  await waitForFrame(
    ui.lastFrame,
    (f) => f.includes(`Kitchen — Test ${stations.join('+')}: `) && f.includes(`${first} #${fired[0]}`),
    'the board',
  )
  return ui
}

describe('the kitchen board screen', () => {
  it("R on a bump the site did not take (another node bumped it first) says so, not 'recalled already?'", async () => {
    // The fold rejects a bump of items another node bumped while the two were apart, when they
    // meet (test/integration/kitchen-mesh.test.ts makes such rejections with two daemons); here the daemon's two answers
    // are played back: the recall's refusal, and Conflicts listing this screen's bump.
    let bumpOp = ''
    const merged = interceptedClient(app, async (method, params, call) => {
      if (method === 'tickets.recall' && params?.['bump'] === bumpOp)
        throw Object.assign(new Error(`grill's bump ${bumpOp} on ticket ${fired[1]} is not there to recall (recalled already?)`), {
          code: 'E_REJECTED',
        })
      if (method === 'conflicts.list')
        return [
          {
            id: 'c1',
            kind: 'rejected',
            op: { id: bumpOp, type: 'tickets.bump', person: 'kemal', node: 'b' },
            reason: `nothing left for grill on ticket ${fired[1]}`,
            balance: null,
            at: 0,
          },
        ]
      const result = await call(method, params)
      if (method === 'tickets.bump') bumpOp = (result as { ids: string[] }).ids[0]!
      return result
    })
    const ui = await openBoard(['grill'], undefined, merged)
    ui.stdin.write('2')
    await waitForFrame(ui.lastFrame, (f) => f.includes(`#${fired[1]} bumped`), 'tile 2 bumped')
    ui.stdin.write('R')
    await waitForFrame(
      ui.lastFrame,
      (f) =>
        f
          .replace(/\s+/g, ' ')
          .includes(`#${fired[1]}: bumped at grill on another node first, so this screen's bump was not taken (Conflicts lists it)`),
      'told why',
    )
    expect(ui.lastFrame()).not.toContain('recalled already')
    ui.unmount()
  })

  it('bump bar: 2 bumps tile 2 at this station, R recalls it (no question), H holds and resumes', async () => {
    const ui = await openBoard(['grill'])
    const frame = ui.lastFrame()!
    for (let n = 1; n <= 4; n++) expect(frame).toContain(`${n} #${fired[n - 1]}`)

    ui.stdin.write('2')
    await waitForFrame(ui.lastFrame, (f) => f.includes(`#${fired[1]} bumped`) && !onBoard(f, fired[1]!), 'tile 2 bumped off the board')
    expect(await grillDone(fired[1]!)).toBe(true)
    // the next ticket moved up into place 2: a second press bumps that one
    expect(ui.lastFrame()).toContain(`2 #${fired[2]}`)

    ui.stdin.write('R')
    await waitForFrame(ui.lastFrame, (f) => f.includes(`#${fired[1]} recalled`) && f.includes(`2 #${fired[1]}`), 'the bump undone')
    expect(await grillDone(fired[1]!)).toBe(false)

    ui.stdin.write('h')
    await waitForFrame(ui.lastFrame, (f) => f.includes('on hold') && f.includes('HOLD'), 'held')
    expect((await cook.call('tickets.get', { ticket: fired[1]! })).held).not.toBeNull()
    // a held ticket is not bumped: the refusal is one line in words
    ui.stdin.write('2')
    await waitForFrame(ui.lastFrame, (f) => /✗ .*is on hold .*resume it first/.test(f), 'the bump of a held ticket refused')
    ui.stdin.write('H')
    await waitForFrame(ui.lastFrame, (f) => f.includes('resumed') && !f.includes('HOLD'), 'resumed')
    ui.unmount()
  })

  it("L shows the selected ticket's history (h is hold here); the bump bar bumps nothing behind it; ? lists it", async () => {
    const ui = await openBoard(['grill'])
    const ticket = fired[1]!
    ui.stdin.write('2')
    await waitForFrame(ui.lastFrame, (f) => f.includes(`#${ticket} bumped`), 'tile 2 bumped')
    ui.stdin.write('R')
    await waitForFrame(ui.lastFrame, (f) => f.includes(`#${ticket} recalled`) && f.includes(`2 #${ticket}`), 'recalled, and selected')
    ui.stdin.write('h')
    await waitForFrame(ui.lastFrame, (f) => f.includes(`#${ticket} on hold`), 'h still holds')
    ui.stdin.write('L')
    const shown = await waitForFrame(
      ui.lastFrame,
      (f) => f.includes(`History of ticket/${ticket}, newest first`) && f.includes('tickets.hold'),
      "the ticket's history",
    )
    // newest first: the hold, the recall, the bump, the fire; each by whom, on which node
    const rows = shown.split('\n').filter((l) => /#\d+ \S+ \S+ tickets\./.test(l))
    expect(rows.map((l) => /tickets\.\w+/.exec(l)![0])).toEqual(['tickets.hold', 'tickets.recall', 'tickets.bump', 'tickets.fire'])
    expect(rows[0]).toMatch(/tickets\.hold Kemal Aydın @\S+ stood/)
    // the history takes every key while open: a bump bar's 1 bumps nothing behind it
    ui.stdin.write('1')
    ui.stdin.write('\u001b')
    await waitForFrame(ui.lastFrame, (f) => !f.includes('History of') && f.includes(`1 #${fired[0]}`), 'the board back')
    // asked on the TUI's own connection, which answers in order: after any bump the 1 had sent
    const first = await app.call('tickets.get', { ticket: fired[0]! })
    expect(first.bumps).toEqual([])
    expect(ui.lastFrame()).not.toContain(`#${fired[0]} bumped`)
    ui.stdin.write('?')
    const help = await waitForFrame(ui.lastFrame, (f) => f.includes('Help — Kitchen board'), 'the help')
    expect(help).toMatch(/l\/L +the selected ticket’s history/)
    expect(help).toMatch(/h\/H +hold the selected ticket/)
    ui.unmount()
  })

  it('arrows and Enter bump the selected tile; C cancels it with a reason; A shows the all-day counts', async () => {
    const ui = await openBoard(['grill'])
    // tiles flow down the columns: ↓ is the next tile, → the tile in the next column (tile 4 here)
    ui.stdin.write('\u001b[B')
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes(`#${fired[1]} bumped`) && !onBoard(f, fired[1]!), 'the selected tile bumped')
    expect(await grillDone(fired[1]!)).toBe(true)
    ui.stdin.write('\u001b[C')
    ui.stdin.write('\r')
    // after the bump the cursor stays in place (table 3, second in column 1); → takes it to the
    // second tile of column 2 (table 5: a page's 9 tiles are spread 2, 2, 2, 2, 1 over the 5
    // columns, so columns hold table 1, 3 and table 4, 5 and table 6)
    await waitForFrame(ui.lastFrame, (f) => f.includes(`#${fired[4]} bumped`), 'the tile in the next column bumped')
    expect(await grillDone(fired[4]!)).toBe(true)

    ui.stdin.write('c')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Why:') && f.includes('2 out of stock'), 'the cancel prompt')
    ui.stdin.write('2')
    await waitForFrame(ui.lastFrame, (f) => f.includes('cancelled: out of stock'), 'cancelled')
    const cancelled = (await cook.call('tickets.list', { state: 'cancelled' }))[0]!
    expect(cancelled.cancelled).toMatchObject({ reason: 'out of stock', by: 'kemal' })

    ui.stdin.write('a')
    // burgers still to make: tickets 1, 3, 4, 6 minus the cancelled one (1 + 4 + 5 + 6 less what was cancelled)
    const left = (await cook.call('tickets.allDay', { station: 'grill' })).find((l) => l.item === 'burger')!.qty
    await waitForFrame(ui.lastFrame, (f) => f.includes('All day (to make)') && new RegExp(`\\b${left} Burger`).test(f), 'the all-day panel')
    // Esc closes the open panel, as A does, and leaves the board only the second time
    ui.stdin.write('\u001b')
    await waitForFrame(ui.lastFrame, (f) => !f.includes('All day (to make)') && f.includes('Kitchen — Test grill: '), 'the panel closed')
    ui.stdin.write('\u001b')
    await waitForFrame(ui.lastFrame, (f) => /\d+ +Kitchen board/.test(f), 'the menu')
    ui.unmount()
  })

  it('a reason past 80 characters is told at once with its length and not taken cut: the ticket stays until it is shortened (#17)', async () => {
    const ui = await openBoard(['grill'])
    ui.stdin.write('c')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Why:') && f.includes('3 entered by mistake  4 another reason'), 'the cancel prompt')
    ui.stdin.write('4')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Reason'), 'the reason field')
    // Enter on no reason says what is missing (it did nothing, silently)
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Type the reason first, then Enter; Esc keeps the ticket.'), 'told')
    ui.stdin.write('r'.repeat(300)) // pasted: one read
    const told = await waitForFrame(ui.lastFrame, (f) => f.includes('✗ the reason holds'), 'told at once')
    expect(told).toContain('✗ the reason holds at most 80 characters: this one is 300, 220 too many')
    // one row that scrolls under the cursor, not 300 characters wrapped over the board's rows
    const reasonRows = told.split('\n').filter((row) => row.includes('rrrr'))
    expect(reasonRows).toHaveLength(1)
    expect(reasonRows[0]).toMatch(/Reason +\[…r+ \]/)
    ui.stdin.write('\r')
    // Enter does not cancel with a cut reason: the prompt stays, the ticket is not cancelled
    ui.stdin.write('\u007f'.repeat(220))
    await waitForFrame(ui.lastFrame, (f) => f.includes('Why:') && !f.includes('✗ the reason holds'), 'shortened to 80')
    expect(await cook.call('tickets.list', { state: 'cancelled' })).toEqual([])
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes(`#${fired[0]} cancelled:`), 'cancelled')
    const cancelled = await cook.call('tickets.list', { state: 'cancelled' })
    expect(cancelled.map((t) => t.cancelled?.reason)).toEqual(['r'.repeat(80)])
    ui.unmount()
  })

  it('registers the screen with its stations and beats: the site sees it up', async () => {
    const ui = await openBoard(['grill', 'cold'])
    const screens = await eventually(() => cook.call('stations.screens', {}), 'the screen registered', {
      ok: (s) => s.some((x) => x.up === true),
    })
    expect(screens[0]).toMatchObject({ id: 'kds-grill-cold', stations: ['grill', 'cold'], ageing: { warn: 5, late: 8 }, up: true })
    ui.unmount()
  })

  it('S chooses the stations; an expo board shows every ticket whole', async () => {
    const ui = await openBoard(['grill'])
    ui.stdin.write('S')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Stations on this board') && f.includes('[x] Grill'), 'the station picker')
    const key = (name: string) => new RegExp(`(\\d) \\[.\\] ${name}`).exec(ui.lastFrame()!)![1]!
    const expo = key('Expo')
    const grill = key('Grill')
    ui.stdin.write(grill)
    ui.stdin.write(expo)
    await waitForFrame(ui.lastFrame, (f) => f.includes('[x] Expo') && f.includes('[ ] Grill'), 'expo chosen')
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Kitchen — Test grill: expo') && f.includes('1 Salad'), 'the expo board, salads too')
    expect(onBoard(ui.lastFrame()!, fired[0]!)).toBe(true)
    ui.unmount()
  })

  it('the bump bar keys come from the screen config, and ? shows them', async () => {
    const keymap = keymapOf({ bumpTile: ['q', 'w', 'e'], recall: ['pagedown'] })
    if (typeof keymap === 'string') throw new Error(keymap)
    const ui = await openBoard(['grill'], keymap)
    ui.stdin.write('2') // no longer a bump key
    ui.stdin.write('w')
    await waitForFrame(ui.lastFrame, (f) => f.includes(`#${fired[1]} bumped`), 'w bumps tile 2')
    expect(await grillDone(fired[0]!)).toBe(false)
    ui.stdin.write('\u001b[6~') // PageDown: recall, on this bar
    await waitForFrame(ui.lastFrame, (f) => f.includes(`#${fired[1]} recalled`), 'PageDown recalls')
    ui.stdin.write('?')
    const help = await waitForFrame(ui.lastFrame, (f) => f.includes('Help — Kitchen board'), 'the help')
    expect(help).toMatch(/q\/w\/e +bump tile N/)
    expect(help).toMatch(/PgDn +recall the last ticket/)
    // the page keys give way to recall, given pagedown by the file: none until it maps them
    expect(help).toMatch(/\(none\) +next page/)
    ui.unmount()
  })
})
