import { readdirSync, readFileSync } from 'node:fs'
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
  return {
    ...ink,
    createElement: react.createElement,
    useState: react.useState,
    useLayoutEffect: react.useLayoutEffect,
    BoardView: view.BoardView,
    ...layout,
    tileKeeper: screen.tileKeeper,
  }
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

/**
 * Per frame: wall time; CPU time of the process, which counts every thread (V8's parallel
 * scavenge runs on helper threads beside the main one, and its concurrent marking runs while the
 * main thread draws); and CPU time of the main thread alone (Linux: the process's less the
 * other threads'; null elsewhere), the thread that draws and that the frame waits for.
 */
interface Timing {
  wall: number[]
  cpu: number[]
  main: number[] | null
}

interface Frame {
  tickets: readonly TicketRecord[]
  now: number
}

/**
 * A live board redrawn: each frame a second later and with the ticket list changed (one bumped off
 * or back), as the board redraws when the daemon pushes a change or the timer ticks. The frames
 * come as the TUI's do, from state set in a component (the screen's `useNow` and its view query),
 * and a frame is timed from the state set until Ink has written it (a layout effect runs after
 * Ink's output). Not `rerender()`, which the TUI never calls: Ink gives its accessibility context
 * a new value on every `rerender()`, so every Text and Box of the tree renders again and no tile's
 * memo can hold, a cost the TUI does not pay (seen: 213 Text renders a frame at 160x48 that way,
 * 107 from state). Ink in debug mode draws each render at once (no 30 fps throttle), so the time
 * is the frame's own.
 */
async function live(u: Ui, tickets: readonly TicketRecord[], now: number, columns: number, rows: number): Promise<Timing> {
  const screen = drawnBoard(u, tickets, now, columns, rows)
  let n = 0
  const ms = await time(() => {
    n++
    return screen.draw(n % 2 === 0 ? tickets : tickets.slice(1), now + n * 1000)
  })
  screen.close()
  return ms
}

/** A board on a terminal of its own, drawn again from state (see `live`); `draw` resolves once Ink has written the frame. */
function drawnBoard(u: Ui, tickets: readonly TicketRecord[], now: number, columns: number, rows: number) {
  const keep = u.tileKeeper()
  let show: ((frame: Frame) => void) | null = null
  let drawn: (() => void) | null = null
  function Live() {
    const [frame, set] = u.useState<Frame>({ tickets, now })
    show = set
    u.useLayoutEffect(() => {
      const done = drawn
      drawn = null
      done?.()
    })
    return board(u, frame.tickets, frame.now, columns, rows, keep)
  }
  const app = u.render(u.createElement(Live), {
    stdout: terminal(columns, rows),
    debug: true,
    patchConsole: false,
    exitOnCtrlC: false,
  })
  return {
    draw: (next: readonly TicketRecord[], at: number) =>
      new Promise<void>((resolve) => {
        drawn = resolve
        show!({ tickets: next, now: at })
      }),
    close: () => app.unmount(),
  }
}

/**
 * B's screen for `npm run bench kitchen`: the board at 80x24 with Ink and React's production
 * build, as the TUI draws it; `draw` resolves once the frame with these tickets is written.
 */
export async function boardScreen(columns = 80, rows = 24) {
  return drawnBoard(await ui(), [], Date.now(), columns, rows)
}

/**
 * CPU time (ms) spent so far by this process's threads other than the main one (V8's GC helpers
 * and platform workers, libuv's pool), from each thread's schedstat; null off Linux. A frame's
 * main-thread CPU is the process's less theirs: the main thread's own schedstat cannot be used, as
 * the kernel brings a running thread's count up to date only at a tick or a switch (it read 0 ms
 * for 1 ms frames), while the others are asleep when read, their counts exact.
 */
function otherThreadsClock(): (() => number) | null {
  const dir = '/proc/self/task'
  const main = String(process.pid)
  const read = () => {
    let sum = 0
    for (const task of readdirSync(dir)) {
      if (task === main) continue
      try {
        const text = readFileSync(`${dir}/${task}/schedstat`, 'latin1')
        sum += Number(text.slice(0, text.indexOf(' '))) / 1e6
      } catch {
        // the thread ended between the listing and the read: its time left with it, both ends
      }
    }
    return sum
  }
  try {
    return Number.isFinite(read()) ? read : null
  } catch {
    return null
  }
}

async function time(fn: () => void | Promise<void>): Promise<Timing> {
  for (let i = 0; i < 20; i++) await fn() // warm up: JIT, Yoga's first layouts
  const others = otherThreadsClock()
  const wall: number[] = []
  const cpu: number[] = []
  const main: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const othersBefore = others?.() ?? 0 // read outside the frame's window, so not counted in it
    const start = performance.now()
    const used = process.cpuUsage()
    await fn()
    const spent = process.cpuUsage(used)
    wall.push(performance.now() - start)
    const total = (spent.user + spent.system) / 1000
    cpu.push(total)
    main.push(Math.max(0, total - ((others?.() ?? 0) - othersBefore)))
  }
  const sort = (a: number[]) => a.sort((x, y) => x - y)
  return { wall: sort(wall), cpu: sort(cpu), main: others === null ? null : sort(main) }
}

const ms = (v: number) => `${v.toFixed(2)} ms`

const mainRow = (t: Timing) => (t.main === null ? 'n/a (not Linux)' : `${ms(percentile(t.main, 50))} / ${ms(percentile(t.main, 99))}`)

/**
 * `npm run bench kitchen-board` (also part of `npm run bench kitchen`): how long the board takes to
 * draw a frame with 200 open tickets (the page that fits is drawn, the rest counted), from the
 * daemon's answer to the frame's text: tickets to tiles, oldest first, the column flow, Ink's
 * layout and output. Live redraws at 80x24 and 160x48, against 4 tickets as the anchor in the same
 * run; and the first frame from nothing (renderToString).
 *
 * The target (a frame drawn within 16 ms) is about what a person sees: the wall time of a frame on
 * a screen that has its cores to itself. Three columns, each with its verdict, because none is
 * that alone on a shared machine:
 * - wall: what is seen, but on a shared machine (8 jobs on 2 cores) mostly the wait for a core;
 * - CPU of the process: counts every thread, so it overstates a frame's time: a scavenge that
 *   stops the main thread for 5 ms while a helper thread works beside it counts 10 ms, and V8's
 *   concurrent marking counts though the frame does not wait for it (docs/benchmarks.md, at
 *   load 2: a p99 of 33-44 ms of process CPU against 19-22 ms of wall);
 * - CPU of the main thread: the frame's own work and its share of the pauses, not the wait for a
 *   core; it understates a pause where the main thread waits for a helper thread that has no core.
 * On a quiet machine the wall column is the one the target speaks of; the process column, kept
 * from before, is the strictest.
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
    const anchor = await live(u, open.slice(0, 4), now, columns, height)
    const full = await live(u, open, now, columns, height)
    const cold = await time(() => void u.renderToString(board(u, open, now, columns, height), { columns }))
    const size = `${columns}x${height}`
    const cpu50 = percentile(full.cpu, 50)
    const cpu99 = percentile(full.cpu, 99)
    const wall99 = percentile(full.wall, 99)
    const main99 = full.main === null ? NaN : percentile(full.main, 99)
    rows.push(
      {
        measure: `${size}, 4 tickets (anchor): p50 cpu / wall`,
        value: `${ms(percentile(anchor.cpu, 50))} / ${ms(percentile(anchor.wall, 50))}`,
        target: '',
        verdict: '',
      },
      {
        measure: `${size}, 200 open tickets: p50 cpu (process)`,
        value: ms(cpu50),
        target: `< ${TARGET_MS} ms`,
        verdict: verdict(cpu50 < TARGET_MS),
      },
      {
        measure: `${size}, 200 open tickets: p99 cpu (process)`,
        value: ms(cpu99),
        target: `< ${TARGET_MS} ms`,
        verdict: verdict(cpu99 < TARGET_MS),
      },
      {
        measure: `${size}, 200 open tickets: p50 / p99 cpu (main thread)`,
        value: mainRow(full),
        target: full.main === null ? '' : `p99 < ${TARGET_MS} ms`,
        verdict: full.main === null ? '' : verdict(main99 < TARGET_MS),
      },
      {
        measure: `${size}, 200 open tickets: p50 / p99 wall`,
        value: `${ms(percentile(full.wall, 50))} / ${ms(wall99)}`,
        target: `p99 < ${TARGET_MS} ms`,
        verdict: verdict(wall99 < TARGET_MS),
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
