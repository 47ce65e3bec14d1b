import { performance } from 'node:perf_hooks'
import { PassThrough } from 'node:stream'
import type { TicketRecord } from '../../protocol/index.js'
import { percentile, printTable, verdict, type Row } from './table.js'

const RUNS = Number(process.env.BENCH_BOARD_RUNS ?? 200)
const TARGET_MS = 16

/** An open ticket as the daemon sends it: 1-4 items over grill and cold, some with modifiers, a few with a second part. */
function ticket(n: number, now: number): TicketRecord {
  const items = Array.from({ length: 1 + (n % 4) }, (_, i) => ({
    item: `item-${i}`,
    name: ['Burger', 'Fries', 'Salad', 'Soup'][i]!,
    qty: 1 + (n % 3),
    modifiers: n % 5 === 0 ? ['no onion'] : [],
    note: n % 7 === 0 ? 'well done' : null,
    allergies: n % 11 === 0 ? ['nuts'] : [],
    course: 1,
    station: i % 2 === 0 ? 'grill' : 'cold',
    price: 950,
    done: null,
  }))
  const part = (k: number) => ({ n: k, items, fired: now - (200 - n) * 3000, by: 'kemal', node: 'a'.repeat(64), op: `op${n}.${k}` })
  return {
    id: `T-${String(n).padStart(4, '0')}`,
    source: 'counter',
    label: `table ${n % 20}`,
    note: null,
    shift: null,
    state: n % 3 === 0 ? 'in-progress' : 'new',
    held: n % 13 === 0 ? { by: 'kemal', at: now } : null,
    parts: n % 9 === 0 ? [part(0), part(1)] : [part(0)],
    bumps: [],
    fired: now - (200 - n) * 3000,
    started: null,
    ready: null,
    served: null,
    cancelled: null,
    recalls: 0,
    servedN: null,
    oversold: [],
    seq: n,
  }
}

/**
 * React and Ink are loaded only when this bench runs, after NODE_ENV is set: the TUI runs React's
 * production build (bin/commands/open-tui.ts), and the development build draws the board ~2.7
 * times slower (seen: 263 against 95 ms p50 at 160x48 on the same loaded machine).
 */
async function ui() {
  process.env.NODE_ENV ??= 'production'
  const [ink, react, view, layout, screen] = await Promise.all([
    import('ink'),
    import('react'),
    import('../../tui/components/kitchen-board-view.js'),
    import('../../tui/components/kitchen-layout.js'),
    import('../../tui/screens/kitchen-board.js'),
  ])
  return { ...ink, createElement: react.createElement, BoardView: view.BoardView, ...layout, tileOf: screen.tileOf }
}
type Ui = Awaited<ReturnType<typeof ui>>

function board(
  { createElement, BoardView, byAge, tileOf, DEFAULT_AGEING }: Ui,
  tickets: readonly TicketRecord[],
  now: number,
  columns: number,
  rows: number,
) {
  const tiles = byAge(tickets.flatMap((t) => tileOf(t, new Set(['grill']), false) ?? []))
  return createElement(BoardView, { tiles, width: columns, height: rows - 8, selected: 0, now, ageing: DEFAULT_AGEING, allDay: null })
}

/** A terminal of `columns` that Ink writes into and nobody reads. */
function terminal(columns: number, rows: number): NodeJS.WriteStream {
  const out = new PassThrough() as unknown as NodeJS.WriteStream & { columns: number; rows: number }
  out.columns = columns
  out.rows = rows
  out.resume()
  return out
}

/**
 * A live board redrawn: each frame a second later and with the ticket list changed (one bumped off
 * or back), as the board redraws when the daemon pushes a change or the timer ticks. Ink in debug
 * mode draws each render at once (no 30 fps throttle), so the time is the frame's own.
 */
function live(u: Ui, tickets: readonly TicketRecord[], now: number, columns: number, rows: number): number[] {
  const app = u.render(board(u, tickets, now, columns, rows), {
    stdout: terminal(columns, rows),
    debug: true,
    patchConsole: false,
    exitOnCtrlC: false,
  })
  let n = 0
  const ms = time(() => {
    n++
    app.rerender(board(u, n % 2 === 0 ? tickets : tickets.slice(1), now + n * 1000, columns, rows))
  })
  app.unmount()
  return ms
}

function time(fn: () => void): number[] {
  for (let i = 0; i < 20; i++) fn() // warm up: JIT, Yoga's first layouts
  const ms: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    fn()
    ms.push(performance.now() - start)
  }
  return ms.sort((a, b) => a - b)
}

/**
 * `npm run bench kitchen-board` (also part of `npm run bench kitchen`): how long
 * (the page that fits: the rest are counted, not drawn), from the daemon's answer to the text of
 * the frame: mapping tickets to tiles, sorting, the column flow and Ink's layout and drawing, each
 * time from nothing (renderToString: no memo helps, worse than a live redraw). Anchor: the same
 * with 4 tickets, in the same run, so a loaded machine shows as a ratio near 1.
 */
export async function benchKitchenBoard(): Promise<void> {
  const u = await ui()
  const now = Date.now()
  const open = Array.from({ length: 200 }, (_, i) => ticket(i, now))
  const rows: Row[] = []
  for (const [columns, height] of [
    [80, 24],
    [160, 48],
  ] as const) {
    const anchor = live(u, open.slice(0, 4), now, columns, height)
    const full = live(u, open, now, columns, height)
    const cold = time(() => u.renderToString(board(u, open, now, columns, height), { columns }))
    const p50 = percentile(full, 50)
    const p99 = percentile(full, 99)
    const size = `${columns}x${height}`
    rows.push(
      { measure: `${size}, 4 tickets (anchor): p50`, value: `${percentile(anchor, 50).toFixed(2)} ms`, target: '', verdict: '' },
      {
        measure: `${size}, 200 open tickets: p50`,
        value: `${p50.toFixed(2)} ms`,
        target: `< ${TARGET_MS} ms`,
        verdict: verdict(p50 < TARGET_MS),
      },
      {
        measure: `${size}, 200 open tickets: p99`,
        value: `${p99.toFixed(2)} ms`,
        target: `< ${TARGET_MS} ms`,
        verdict: verdict(p99 < TARGET_MS),
      },
      { measure: `${size}, 200 vs 4 tickets (p50 ratio)`, value: `${(p50 / percentile(anchor, 50)).toFixed(2)}x`, target: '', verdict: '' },
      {
        measure: `${size}, 200 tickets, first frame from nothing: p50`,
        value: `${percentile(cold, 50).toFixed(2)} ms`,
        target: '',
        verdict: '',
      },
    )
  }
  printTable(
    `kitchen board render (${RUNS} frames each; React ${process.env.NODE_ENV === 'production' ? 'production' : 'development'} build)`,
    rows,
  )
}
