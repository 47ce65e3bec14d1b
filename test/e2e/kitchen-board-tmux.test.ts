import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, it, type TestContext } from 'vitest'
import { SocketClient } from '../../client/socket-client.js'
import { processesGone } from '../helpers/processes.js'
import type { TmuxSession } from '../helpers/tmux.js'
import { demoSignedIn } from '../helpers/tmux-demo.js'
import { hasTool, skipReason } from '../helpers/tools.js'

const tmux = hasTool('tmux')

/** The tile lines of ticket `id` on the screen: its number line inside a tile's border. */
const tileNumber = (screen: string, id: string): number | null => {
  const m = new RegExp(`[│┃║](\\d+) #${id} `).exec(screen)
  return m === null ? null : Number(m[1])
}

/**
 * `outpost kitchen --station grill` in a real terminal, colours off (NO_COLOR), signed in as the
 * kitchen hand: the board opens at once, fills with tiles, and the bump bar's number keys and R
 * work on what is drawn. Returns the terminal, a cook's client and the tickets fired, oldest first.
 */
async function kitchenTerminal({ onTestFinished }: TestContext, width: number, height: number, tickets: number, extra: string[] = []) {
  const demo = await demoSignedIn(`outpost-kds-${width}`, 'kemal', {
    command: ['kitchen', '--station', 'grill', '--name', "'Grill 1'", ...extra],
    width,
    height,
    landing: (s) => s.includes('Kitchen — Grill 1: grill'), // the board, straight after sign-in
  })
  onTestFinished(() => demo.close())
  const { t, dataDir } = demo
  const cook = await SocketClient.connect(join(dataDir, 'outpost.sock'))
  onTestFinished(() => cook.close())
  await cook.call('session.signIn', { person: 'kemal', pin: '3333' })
  // the demo's own kitchen (demo/demo-kitchen.ts): 1 a burger and 3 fries, both on the grill
  const fired: string[] = []
  for (let n = 1; n <= tickets; n++)
    fired.push((await cook.call('tickets.fire', { label: `table ${n}`, items: [{ item: 1, qty: 1 + (n % 3) }] })).ticket)
  return { t, cook, fired, dataDir }
}

const grillDone = async (cook: SocketClient, ticket: string) =>
  (await cook.call('tickets.get', { ticket })).parts.every((p) => p.items.every((i) => i.station !== 'grill' || i.done !== null))

async function quit(t: TmuxSession, dataDir: string) {
  t.key('Escape')
  await t.waitFor((s) => s.includes('Menu — Kemal'), 'the menu')
  t.key('q')
  await processesGone(dataDir, 'the daemon to stop with the TUI')
}

/**
 * The two sizes run at once: the first waits a minute for a tile to age (--warn 1), time the
 * second's terminal uses instead of the file taking both one after the other. Each has its own
 * session, data dir and daemon; their cleanup is their own (the test context's, as they overlap).
 */
describe.skipIf(!tmux)(`the kitchen board in a real terminal (tmux)${skipReason('tmux', tmux)}`, () => {
  it.concurrent(
    '80x24: at least 4 tiles; keys 9, 5 and 1 bump those tiles, R twice recalls them; markers, not colour, under NO_COLOR',
    { timeout: 240_000 },
    async (context) => {
      const { expect } = context // the test's own: the two run at once
      const { t, cook, fired, dataDir } = await kitchenTerminal(context, 80, 24, 14, ['--warn', '1', '--late', '2'])
      const board = await t.waitFor((s) => tileNumber(s, fired[0]!) === 1 && tileNumber(s, fired[8]!) === 9, 'tiles 1 to 9 drawn', 30_000)
      // the board keeps to its rows: the status bar is still the last line
      expect(board.trimEnd().split('\n').at(-1)).toContain('? help')
      for (let n = 1; n <= 4; n++) expect(tileNumber(board, fired[n - 1]!)).toBe(n)

      // 9, then 5, then 1: each bumps the tile drawn with that number when the key comes
      const ninth = fired[8]!
      t.key('9')
      await t.waitFor((s) => tileNumber(s, ninth) === null && s.includes(`#${ninth} bumped`), 'tile 9 bumped off')
      expect(await grillDone(cook, ninth)).toBe(true)
      const fifth = fired[4]!
      t.key('5')
      await t.waitFor((s) => tileNumber(s, fifth) === null, 'tile 5 bumped off')
      t.key('1')
      await t.waitFor((s) => tileNumber(s, fired[0]!) === null && tileNumber(s, fired[1]!) === 1, 'tile 1 bumped off, the next oldest is 1')
      expect(await grillDone(cook, fired[0]!)).toBe(true)

      // R: the last bump undone, no question asked; R again: the one before
      t.key('R')
      await t.waitFor((s) => tileNumber(s, fired[0]!) === 1 && s.includes(`#${fired[0]} recalled`), 'tile 1 back')
      expect(await grillDone(cook, fired[0]!)).toBe(false)
      t.key('R')
      await t.waitFor((s) => tileNumber(s, fifth) === 5, 'tile 5 back in its place')
      expect(await grillDone(cook, fifth)).toBe(false)

      // H holds the selected tile (1): said in words
      t.key('H')
      await t.waitFor((s) => /[│┃║] HOLD +[│┃║]/.test(s) && s.includes('1 held'), 'HOLD on the tile')

      // the age, without colour: a timer, then "!" and a heavier border once past a minute (--warn 1)
      const aged = await t.waitFor((s) => /table 1 +1:\d\d ! /.test(s), 'the first tile ageing (!)', 90_000)
      expect(aged).toMatch(/┏━+┓/)
      const escapes = t.screen({ escapes: true })
      // eslint-disable-next-line no-control-regex -- matching terminal escape codes is the point
      expect(escapes, 'no colour codes under NO_COLOR').not.toMatch(/\u001b\[(3[0-7]|9[0-7]|38;)/)

      // L: the selected ticket's history in place of the board (h is hold here): the one H held; Esc: the board again
      t.key('L')
      const history = await t.waitFor((s) => /History of ticket\/T-/.test(s) && s.includes('tickets.hold'), 'the history')
      expect(history).toMatch(/tickets\.hold Kemal[^\n]*\n[\s\S]*tickets\.fire Kemal/)
      t.key('Escape')
      await t.waitFor((s) => tileNumber(s, fired[0]!) === 1, 'the board again')
      // ? lists every key of the board at 80x24, none squeezed out, the status bar still the last line
      t.key('?')
      const help = await t.waitFor((s) => s.includes('Help — Kitchen board') && s.includes('closes this help'), 'the help')
      for (const key of ['1-9', 'PgDn/PgUp', 'Enter', 'h/H', 'r/R', 'c/C', 'a/A', 's/S', 'l/L', 'Esc'])
        expect(help).toMatch(new RegExp(`│ ${key} `))
      expect(help.trimEnd().split('\n').at(-1)).toContain('? help')
      t.key('Escape')
      await t.waitFor((s) => !s.includes('Help — Kitchen board'), 'the help closed')
      await quit(t, dataDir)
    },
  )

  it.concurrent(
    '160x48: a page of 9 tiles; 1 2 3 in one write bump three; PgDn, then 2 bumps the 11th open ticket; 9 and r',
    { timeout: 180_000 },
    async (context) => {
      const { expect } = context
      const { t, cook, fired, dataDir } = await kitchenTerminal(context, 160, 48, 40)
      // a page holds one tile per tile key (9), numbered as the keys that bump them (issue #17: 30 tiles
      // were drawn, and tiles 10 and up had no key)
      const board = await t.waitFor((s) => tileNumber(s, fired[8]!) === 9 && s.includes('page 1/5'), 'tiles 1 to 9, page 1 of 5', 30_000)
      expect(tileNumber(board, fired[0]!)).toBe(1)
      expect(tileNumber(board, fired[9]!)).toBeNull()
      expect(board).toContain('PgDn/PgUp: pages')
      const ninth = fired[8]!
      t.key('9')
      await t.waitFor((s) => tileNumber(s, ninth) === null, 'tile 9 bumped off')
      expect(await grillDone(cook, ninth)).toBe(true)
      t.key('r')
      await t.waitFor((s) => tileNumber(s, ninth) === 9, 'tile 9 recalled')
      expect(await grillDone(cook, ninth)).toBe(false)

      // a bump bar's three presses within a few ms, in one write: a scanner's pace; each acts once
      execFileSync('tmux', ['send-keys', '-t', t.name, '-l', '123'])
      await t.waitFor((s) => tileNumber(s, fired[3]!) === 1 && s.includes('37 open'), 'tiles 1, 2 and 3 bumped')
      for (const ticket of fired.slice(0, 3)) expect(await grillDone(cook, ticket)).toBe(true)
      expect(await grillDone(cook, fired[3]!)).toBe(false)
      const bumps = await Promise.all(fired.slice(0, 4).map(async (ticket) => (await cook.call('tickets.get', { ticket })).bumps.length))
      expect(bumps).toEqual([1, 1, 1, 0])

      // the 11th open ticket (fired[13] now) is tile 2 of page 2
      t.key('PageDown')
      const second = await t.waitFor((s) => tileNumber(s, fired[12]!) === 1 && s.includes('page 2/5'), 'page 2')
      expect(tileNumber(second, fired[13]!)).toBe(2)
      t.key('2')
      await t.waitFor((s) => tileNumber(s, fired[13]!) === null && s.includes(`#${fired[13]} bumped`), 'the 11th open ticket bumped')
      expect(await grillDone(cook, fired[13]!)).toBe(true)
      expect(await grillDone(cook, fired[4]!)).toBe(false)
      // a ticket fired now is counted without a key (it is drawn on the last page)
      await cook.call('tickets.fire', { label: 'walk-in', items: [{ item: 3 }] })
      await t.waitFor((s) => s.includes('37 open'), 'the new ticket counted')
      await quit(t, dataDir)
    },
  )
})
