import { availableParallelism, loadavg } from 'node:os'
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
  return { ...ink, createElement: react.createElement, BoardView: view.BoardView, ...layout, tileKeeper: screen.tileKeeper }
}
type Ui = Awaited<ReturnType<typeof ui>>

function board(
  { createElement, BoardView, byAge, tileKeeper, DEFAULT_AGEING }: Ui,
  tickets: readonly TicketRecord[],
  now: number,
  columns: number,
  rows: number,
  // as the screen does: a tile kept while its ticket is unchanged (a first frame from nothing has none)
  keep = tileKeeper(),
) {
  const tiles = byAge(keep(tickets, new Set(['grill']), false))
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

/** Per frame: wall time, and CPU time (this process's own work, without the wait for a core on a loaded machine). */
interface Timing {
  wall: number[]
  cpu: number[]
}

/**
 * A live board redrawn: each frame a second later and with the ticket list changed (one bumped off
 * or back), as the board redraws when the daemon pushes a change or the timer ticks. Ink in debug
 * mode draws each render at once (no 30 fps throttle), so the time is the frame's own.
 */
function live(u: Ui, tickets: readonly TicketRecord[], now: number, columns: number, rows: number): Timing {
  const keep = u.tileKeeper()
  const app = u.render(board(u, tickets, now, columns, rows, keep), {
    stdout: terminal(columns, rows),
    debug: true,
    patchConsole: false,
    exitOnCtrlC: false,
  })
  let n = 0
  const ms = time(() => {
    n++
    app.rerender(board(u, n % 2 === 0 ? tickets : tickets.slice(1), now + n * 1000, columns, rows, keep))
  })
  app.unmount()
  return ms
}

function time(fn: () => void): Timing {
  for (let i = 0; i < 20; i++) fn() // warm up: JIT, Yoga's first layouts
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    const used = process.cpuUsage()
    fn()
    const spent = process.cpuUsage(used)
    wall.push(performance.now() - start)
    cpu.push((spent.user + spent.system) / 1000)
  }
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) }
}

const ms = (v: number) => `${v.toFixed(2)} ms`

/**
 * `npm run bench kitchen-board` (also part of `npm run bench kitchen`): how long the board takes to
 * draw a frame with 200 open tickets (the page that fits is drawn, the rest counted), from the
 * daemon's answer to the frame's text: tickets to tiles, oldest first, the column flow, Ink's
 * layout and output. Live redraws at 80x24 and 160x48, against 4 tickets as the anchor in the same
 * run; and the first frame from nothing (renderToString). The target is judged on CPU time: on a
 * shared machine (8 jobs on 2 cores) the wall time is mostly waiting for a core.
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
    const size = `${columns}x${height}`
    const cpu50 = percentile(full.cpu, 50)
    const cpu99 = percentile(full.cpu, 99)
    rows.push(
      {
        measure: `${size}, 4 tickets (anchor): p50 cpu / wall`,
        value: `${ms(percentile(anchor.cpu, 50))} / ${ms(percentile(anchor.wall, 50))}`,
        target: '',
        verdict: '',
      },
      { measure: `${size}, 200 open tickets: p50 cpu`, value: ms(cpu50), target: `< ${TARGET_MS} ms`, verdict: verdict(cpu50 < TARGET_MS) },
      { measure: `${size}, 200 open tickets: p99 cpu`, value: ms(cpu99), target: `< ${TARGET_MS} ms`, verdict: verdict(cpu99 < TARGET_MS) },
      {
        measure: `${size}, 200 open tickets: p50 / p99 wall`,
        value: `${ms(percentile(full.wall, 50))} / ${ms(percentile(full.wall, 99))}`,
        target: '',
        verdict: '',
      },
      {
        measure: `${size}, 200 vs 4 tickets (p50 cpu ratio)`,
        value: `${(cpu50 / percentile(anchor.cpu, 50)).toFixed(2)}x`,
        target: '',
        verdict: '',
      },
      { measure: `${size}, 200 tickets, first frame from nothing: p50 cpu`, value: ms(percentile(cold.cpu, 50)), target: '', verdict: '' },
    )
  }
  printTable(
    `kitchen board render (${RUNS} frames each; React ${process.env.NODE_ENV === 'production' ? 'production' : 'development'} build; load ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
    rows,
  )
}
