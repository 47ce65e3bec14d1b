import { render } from 'ink-testing-library'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { App } from '../../tui/app.js'
import type { ScanFrame } from '../../tui/keys/scan-frame.js'
import { waitForFrame } from '../helpers/frames.js'
import type { startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { kitchenWithCook, screenConfig } from '../helpers/kitchen-site.js'
import { signIn } from '../helpers/tui-sign-in.js'

/**
 * The board's keys as a new user found them (issue #17): a bump bar's quick presses, tiles past
 * the ninth on a big terminal, and R on a screen of two stations.
 */
let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let app: SocketClient
let cook: SocketClient

beforeEach(async () => {
  ;({ daemon, cook } = await kitchenWithCook())
  app = await daemon.connect()
}, 90_000)
afterEach(async () => {
  app.close()
  cook.close()
  await daemon.stop()
})

/** `n` tickets of a burger each (grill), oldest first. */
async function fire(n: number, item = 1): Promise<string[]> {
  const fired: string[] = []
  for (let i = 1; i <= n; i++) fired.push((await cook.call('tickets.fire', { label: `table ${i}`, items: [{ item }] })).ticket)
  return fired
}

const done = async (ticket: string, station: string) =>
  (await cook.call('tickets.get', { ticket })).parts.every((p) => p.items.every((i) => i.station !== station || i.done !== null))

/** The number drawn on ticket `id`'s tile, or null when it is not drawn. */
const tileNumber = (frame: string, id: string): number | null => {
  const m = new RegExp(`│(\\d+) #${id} `).exec(frame)
  return m === null ? null : Number(m[1])
}

async function board(stations: string[], columns = 100, rows = 30, config = screenConfig(stations), scanFrame: ScanFrame | null = null) {
  const ui = render(<App client={app} burstGapMs={30} kitchen={config} scanFrame={scanFrame} />)
  Object.defineProperty(ui.stdout, 'columns', { value: columns, configurable: true })
  Object.defineProperty(ui.stdout, 'rows', { value: rows, configurable: true })
  ui.stdout.emit('resize')
  await signIn(ui, 'kemal', '3333')
  await waitForFrame(ui.lastFrame, (f) => f.includes(`Kitchen — Test ${stations.join('+')}`) && f.includes(' open'), 'the board')
  return ui
}

/** Four tickets on the grill board, drawn as tiles 1-4; `scanFrame`: the terminal's scanner prefix. */
async function fourTiles(scanFrame: ScanFrame | null = null) {
  const fired = await fire(4)
  const ui = await board(['grill'], 100, 30, screenConfig(['grill']), scanFrame)
  await waitForFrame(ui.lastFrame, (f) => tileNumber(f, fired[3]!) === 4, 'four tiles')
  return { fired, ui }
}

describe('a bump bar’s quick presses on the board', () => {
  it('"1", "2", "3" in one read (a scanner’s pace) bump tiles 1, 2 and 3, each once', { timeout: 120_000 }, async () => {
    const fired = await fire(5)
    const ui = await board(['grill'])
    await waitForFrame(ui.lastFrame, (f) => tileNumber(f, fired[4]!) === 5, 'five tiles')
    ui.stdin.write('123')
    await waitForFrame(ui.lastFrame, (f) => tileNumber(f, fired[3]!) === 1 && tileNumber(f, fired[4]!) === 2, 'tiles 1-3 bumped')
    for (const t of fired.slice(0, 3)) expect(await done(t, 'grill')).toBe(true)
    for (const t of fired.slice(3)) expect(await done(t, 'grill')).toBe(false)
    // each bumped once, the others not at all
    const bumps = await Promise.all(fired.map(async (t) => (await cook.call('tickets.get', { ticket: t })).bumps.length))
    expect(bumps).toEqual([1, 1, 1, 0, 0])
    ui.unmount()
  })

  it(
    'a scan (not bump-bar keys) is refused in one line, none of it run; bar keys ended by Enter are keys',
    { timeout: 120_000 },
    async () => {
      const { fired, ui } = await fourTiles()
      // R would recall, 1 bump tile 1: a barcode's characters never run as the board's keys
      ui.stdin.write('R-DEMO-11\r')
      await waitForFrame(ui.lastFrame, (f) => f.includes('✗ "R-DEMO-11" read as a scan; the board takes none: nothing done'), 'the refusal')
      for (const t of fired) expect(await done(t, 'grill')).toBe(false)
      // "2" "3" and Enter at a scanner's pace: tiles 2 and 3 bumped, then Enter bumps the selected (tile 1)
      ui.stdin.write('23\r')
      await waitForFrame(ui.lastFrame, (f) => tileNumber(f, fired[3]!) === 1, 'tiles 1-3 bumped')
      for (const t of fired.slice(0, 3)) expect(await done(t, 'grill')).toBe(true)
      ui.unmount()
    },
  )
})

describe('with a scanner prefix set', () => {
  it(
    'a scan made only of the board\'s keys ("123") is refused, none of it run; the bar\'s quick presses are still keys',
    { timeout: 120_000 },
    async () => {
      // the AIM identifier, as docs/scanning.md sets a scanner up: "]E0" for an EAN
      const { fired, ui } = await fourTiles({ prefix: 'aim', suffix: '\r' })
      ui.stdin.write(']E0123\r')
      await waitForFrame(ui.lastFrame, (f) => f.includes('✗ "123" read as a scan; the board takes none: nothing done'), 'the refusal')
      for (const t of fired) expect(await done(t, 'grill')).toBe(false)
      // the same keys from the bar, in one read and with no prefix: bumps
      ui.stdin.write('12')
      await waitForFrame(ui.lastFrame, (f) => tileNumber(f, fired[2]!) === 1, 'tiles 1 and 2 bumped')
      expect(await Promise.all(fired.map((t) => done(t, 'grill')))).toEqual([true, true, false, false])
      ui.unmount()
    },
  )
})

describe('pages at 160x48: every tile drawn has its key', () => {
  it(
    'a page holds 9 tiles, numbered 1-9; PgDn shows the next 9 as 1-9, and 2 there bumps the 11th ticket',
    { timeout: 120_000 },
    async () => {
      const fired = await fire(12)
      const ui = await board(['grill'], 160, 48)
      const first = await waitForFrame(ui.lastFrame, (f) => tileNumber(f, fired[8]!) === 9 && f.includes('page 1/2'), 'page 1')
      expect(tileNumber(first, fired[9]!)).toBeNull() // tile 10 is not drawn: no key would reach it
      expect(first).toContain('PgDn/PgUp: pages')
      ui.stdin.write('\u001b[6~') // PgDn
      const second = await waitForFrame(ui.lastFrame, (f) => tileNumber(f, fired[9]!) === 1 && f.includes('page 2/2'), 'page 2')
      expect(tileNumber(second, fired[11]!)).toBe(3)
      expect(tileNumber(second, fired[0]!)).toBeNull()
      ui.stdin.write('2')
      await waitForFrame(ui.lastFrame, (f) => f.includes(`#${fired[10]} bumped`), 'the 11th ticket bumped')
      expect(await done(fired[10]!, 'grill')).toBe(true)
      expect(await done(fired[1]!, 'grill')).toBe(false)
      ui.stdin.write('\u001b[5~') // PgUp
      await waitForFrame(ui.lastFrame, (f) => tileNumber(f, fired[0]!) === 1 && f.includes('page 1/2'), 'page 1 again')
      ui.stdin.write('\u001b[5~')
      await waitForFrame(ui.lastFrame, (f) => f.includes('page 1 of 2: no page before it'), 'said: no page before')
      ui.unmount()
    },
  )
})

describe('R on a screen of two stations', () => {
  /** A grill bump made earlier by someone else, then the board (grill + cold) with a salad ticket (cold) on it. */
  async function twoStations() {
    const [grilled] = await fire(1)
    await cook.call('tickets.bump', { ticket: grilled!, station: 'grill' })
    const [salad] = await fire(1, 2)
    return { grilled: grilled!, salad: salad! }
  }

  it('bump on the second station, then R at once (one read): that bump is recalled', { timeout: 120_000 }, async () => {
    const { grilled, salad } = await twoStations()
    const ui = await board(['grill', 'cold'])
    await waitForFrame(ui.lastFrame, (f) => tileNumber(f, salad) === 1, 'the salad tile')
    ui.stdin.write('1R')
    const recalled = await waitForFrame(ui.lastFrame, (f) => f.includes(`#${salad} recalled`), 'the salad recalled')
    // as this screen's bump, which R waited for: not found again as the stations' last bump
    expect(recalled).not.toContain('the last bump at')
    expect(await done(salad, 'cold')).toBe(false)
    expect((await cook.call('tickets.get', { ticket: salad })).recalls).toBe(1)
    expect(await done(grilled, 'grill')).toBe(true) // the first station's last bump stands
    ui.unmount()
  })

  it('after leaving the board and coming back, and after a restart: R recalls this screen’s bump', { timeout: 120_000 }, async () => {
    const { grilled, salad } = await twoStations()
    const [burger] = await fire(1)
    const config = screenConfig(['grill', 'cold'])
    const ui = await board(['grill', 'cold'], 100, 30, config)
    await waitForFrame(ui.lastFrame, (f) => tileNumber(f, salad) === 1 && tileNumber(f, burger!) === 2, 'the salad and burger tiles')
    ui.stdin.write('1')
    await waitForFrame(ui.lastFrame, (f) => f.includes(`#${salad} bumped`), 'the salad bumped')
    // then another screen bumps the burger at the grill: the last bump at these stations, not this screen's
    await cook.call('tickets.bump', { ticket: burger!, station: 'grill' })
    ui.stdin.write('\u001b')
    const menu = await waitForFrame(ui.lastFrame, (f) => /(\d+) +Kitchen board/.test(f), 'the menu')
    ui.stdin.write(/(\d+) +Kitchen board/.exec(menu)![1]!)
    await waitForFrame(ui.lastFrame, (f) => f.includes('Kitchen — Test grill+cold'), 'the board again')
    ui.stdin.write('R')
    await waitForFrame(ui.lastFrame, (f) => f.includes(`#${salad} recalled`), 'the salad recalled')
    expect(await done(salad, 'cold')).toBe(false)
    expect(await done(burger!, 'grill')).toBe(true)
    expect(await done(grilled, 'grill')).toBe(true)
    ui.unmount()

    // started again, it remembers nothing: R takes the last bump at either of its stations (the salad's, again)
    await cook.call('tickets.bump', { ticket: salad, station: 'cold' })
    const again = await board(['grill', 'cold'])
    again.stdin.write('R')
    await waitForFrame(again.lastFrame, (f) => f.includes(`#${salad} recalled (the last bump at grill + cold)`), 'recalled after a restart')
    expect(await done(salad, 'cold')).toBe(false)
    expect(await done(burger!, 'grill')).toBe(true)
    again.unmount()
  })
})
