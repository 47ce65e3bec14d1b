import { render } from 'ink-testing-library'
import { afterEach, describe, expect, it } from 'vitest'
import { BoardView } from '../../tui/components/kitchen-board-view.js'
import { DEFAULT_AGEING, type Tile } from '../../tui/components/kitchen-layout.js'
import { tileKeeper } from '../../tui/screens/kitchen-board.js'
import type { TicketRecord } from '../../protocol/index.js'
import { tile } from '../helpers/kitchen-tiles.js'

const NOW = 1_800_000_000_000
const minutesAgo = (m: number) => NOW - m * 60_000
const saved = process.env.NO_COLOR
afterEach(() => {
  if (saved === undefined) delete process.env.NO_COLOR
  else process.env.NO_COLOR = saved
})

function tickets(): Tile[] {
  const fresh = tile(1, 2, minutesAgo(1))
  const ageing = { ...tile(2, 1, minutesAgo(6)), held: true }
  const late = tile(3, 1, minutesAgo(9))
  const rich: Tile = {
    ...tile(4, 0, minutesAgo(2)),
    items: [
      {
        key: '0.0',
        qty: 2,
        name: 'Burger',
        modifiers: ['no onion'],
        notes: 'well done',
        allergies: ['nuts'],
        station: 'grill',
        done: false,
        part: 0,
      },
      { key: '1.0', qty: 1, name: 'Fries', modifiers: [], notes: null, allergies: [], station: 'grill', done: false, part: 1 },
    ],
  }
  const more = Array.from({ length: 8 }, (_, i) => tile(10 + i, 2, minutesAgo(0.5)))
  return [late, ageing, rich, fresh, ...more]
}

const draw = (width: number, height: number, list = tickets(), selected = 0) =>
  render(<BoardView tiles={list} width={width} height={height} selected={selected} now={NOW} ageing={DEFAULT_AGEING} allDay={null} />)

describe('the kitchen board, drawn', () => {
  it('at 80 columns: four tiles side by side, numbered for the bump bar, with their age as a timer', () => {
    const ui = draw(
      80,
      16,
      tickets().map((t) => ({ ...t, items: [...t.items, ...t.items, ...t.items, ...t.items, ...t.items, ...t.items] })),
    )
    const frame = ui.lastFrame()!
    const [numbers, ages] = frame.split('\n').slice(1, 3)
    expect(numbers).toMatch(/1 #T3 .*2 #T2 .*3 #T4 .*4 #T1 /)
    expect(ages).toMatch(/table 3 +9:00 .*table 2 +6:00 .*table 4 +2:00 .*table 1 +1:00 /)
    expect(frame).not.toContain('5 #')
    expect(frame).toContain('page 1/')
    ui.unmount()
  })

  it('at 160x44 rows, many more tiles (two columns of tiles stacked per column)', () => {
    const ui = draw(160, 40)
    const frame = ui.lastFrame()!
    for (let n = 1; n <= 12; n++) expect(frame).toContain(`${n} #T`)
    ui.unmount()
  })

  it('under NO_COLOR the age still reads: ! ageing, !! late, a heavier border, HOLD in words', () => {
    process.env.NO_COLOR = '1'
    const ui = draw(80, 16)
    const frame = ui.lastFrame()!
    // eslint-disable-next-line no-control-regex -- matching terminal escape codes is the point
    expect(frame).not.toMatch(/\u001b\[3\dm/)
    expect(frame).toMatch(/table 3 +9:00 !!/)
    expect(frame).toMatch(/table 2 +6:00 ! /)
    expect(frame).toMatch(/table 4 +2:00 {3}/)
    // late: a double border; ageing: a heavy one; fresh: a thin one
    expect(frame.split('\n')[0]).toMatch(/^╔═+╗┌─+┐/)
    expect(frame).toMatch(/┏━+┓/)
    expect(frame).toContain('HOLD')
    ui.unmount()
  })

  it('shows modifiers, notes, allergies and an added part apart', () => {
    const ui = draw(80, 20)
    const frame = ui.lastFrame()!
    expect(frame).toContain('2 Burger')
    expect(frame).toContain('+ no onion')
    expect(frame).toContain('"well done"')
    expect(frame).toContain('ALLERGY nuts')
    expect(frame).toMatch(/-- added \(part 2\)/)
    ui.unmount()
  })

  it('an empty board says so; the all-day panel lists what is still to make', () => {
    const empty = draw(80, 16, [])
    expect(empty.lastFrame()).toContain('No tickets for these stations')
    empty.unmount()
    const ui = render(
      <BoardView
        tiles={tickets()}
        width={80}
        height={16}
        selected={0}
        now={NOW}
        ageing={DEFAULT_AGEING}
        allDay={[{ name: 'Burger', qty: 7 }]}
      />,
    )
    expect(ui.lastFrame()).toMatch(/All day \(to make\)[\s\S]*7 Burger/)
    ui.unmount()
  })

  it("a ticket's text with control characters from the log is drawn harmlessly, the tiles beside it whole", () => {
    // any node or integration may have appended these (the counter refuses them): drawn as they
    // were, the escape coloured the board and the carriage return wiped the next tile's number
    const hostile: Tile = {
      ...tile(5, 0, minutesAgo(1)),
      label: 'esc\u001b[31mRED\u001b[0m',
      items: [
        {
          key: '0.0',
          qty: 1,
          name: 'Soup\u0007',
          modifiers: ['cr\rlf\n'],
          notes: 'tab\t end \u001b[2J',
          allergies: [],
          station: 'grill',
          done: false,
          part: 0,
        },
      ],
    }
    const ui = draw(80, 16, [hostile, tile(6, 1, minutesAgo(1))])
    const frame = ui.lastFrame()!
    // eslint-disable-next-line no-control-regex -- the board's own colours
    const plain = frame.replace(/\u001b\[[0-9;]*m/g, '')
    // eslint-disable-next-line no-control-regex -- what must not reach the terminal from the text
    expect(plain).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/)
    expect(plain).toContain('#esc\uFFFD[31mRED')
    expect(plain).toContain('Soup\uFFFD')
    expect(plain).toContain('+ cr\uFFFDlf\uFFFD')
    // the tile beside it keeps its number for the bump bar
    expect(plain).toMatch(/2 #/)
  })

  it('a tick redraws the ages of tiles whose memo holds: the timer, the level, the border', () => {
    const list = tickets()
    const at = (now: number) => (
      <BoardView tiles={list} width={80} height={16} selected={0} now={now} ageing={DEFAULT_AGEING} allDay={null} />
    )
    const ui = render(at(NOW))
    expect(ui.lastFrame()).toMatch(/table 1 +1:00 /)
    // the same tiles (the screen keeps them while their tickets are unchanged), a second later
    ui.rerender(at(NOW + 1000))
    for (const age of [/table 3 +9:01 !!/, /table 2 +6:01 ! /, /table 4 +2:01 /, /table 1 +1:01 /]) expect(ui.lastFrame()).toMatch(age)
    // five minutes on, every tile is ageing or late: its marker, and no thin border is left
    ui.rerender(at(NOW + 5 * 60_000))
    const frame = ui.lastFrame()!
    expect(frame).toMatch(/table 1 +6:00 ! /)
    expect(frame).toMatch(/table 3 +14:00 !!/)
    expect(frame).not.toContain('┌')
    ui.unmount()
  })
})

describe('a tile cut short', () => {
  it('a tile cut shorter than its number, age and one more line draws as it always did (one text over the border)', () => {
    process.env.NO_COLOR = '1'
    const list = [tile(1, 2, minutesAgo(1)), tile(2, 1, minutesAgo(2))]
    const at = (height: number) => {
      const ui = render(<BoardView tiles={list} width={40} height={height} selected={0} now={NOW} ageing={DEFAULT_AGEING} allDay={null} />)
      const frame = ui.lastFrame()!
      ui.unmount()
      return frame.split('\n')
    }
    // 3 rows: the age line is drawn over the bottom border, the "more" line over the footer
    expect(at(3)).toEqual([
      '┌──────────────────┐┌──────────────────┐',
      '│1 #T1             ││2 #T2             │',
      '└table 1    1:00   ┘└table 2    2:00   ┘',
      '2 open  page 1/1  0 held more',
    ])
    expect(at(4)).toEqual([
      '┌──────────────────┐┌──────────────────┐',
      '│1 #T1             ││2 #T2             │',
      '│table 1    1:00   ││table 2    2:00   │',
      '└… 2 more──────────┘└… 1 more──────────┘',
      '2 open  page 1/1  0 held',
    ])
  })
})

describe('tileKeeper', () => {
  const ticket = (id: string, seq: number, station = 'grill'): TicketRecord => ({
    id,
    source: 'counter',
    label: `table ${id}`,
    note: null,
    shift: null,
    state: 'new',
    held: null,
    parts: [
      {
        n: 0,
        items: [{ item: 'b', name: 'Burger', qty: 1, modifiers: [], note: null, allergies: [], course: 1, station, price: 1, done: null }],
        fired: NOW,
        by: 'k',
        node: 'n',
        op: 'o',
      },
    ],
    bumps: [],
    fired: NOW,
    started: null,
    ready: null,
    served: null,
    cancelled: null,
    recalls: 0,
    servedN: null,
    oversold: [],
    seq,
  })

  it('keeps a tile while its ticket is unchanged, so that its memo holds; a new one when it changed or the stations did', () => {
    const keep = tileKeeper()
    const grill = new Set(['grill'])
    const [a1, b1] = keep([ticket('A', 1), ticket('B', 2)], grill, false)
    const [a2, b2] = keep([ticket('A', 1), ticket('B', 5)], grill, false)
    expect(a2).toBe(a1)
    expect(b2).not.toBe(b1)
    const [a3] = keep([ticket('A', 1)], new Set(['grill', 'cold']), false)
    expect(a3).not.toBe(a2)
    expect(a3).toEqual(a2)
    // a ticket with nothing for these stations is no tile, kept as none
    expect(keep([ticket('C', 1, 'cold')], grill, false)).toEqual([])
  })
})
