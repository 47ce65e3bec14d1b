import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SocketClient } from '../../client/socket-client.js'
import { startBenchDaemon } from './bench-daemon.js'
import { WARM_UP, stackAnchorInFreshProcess, type Between } from './stack-anchor.js'
import { percentile, printTable, ratio, verdict, type Row } from './table.js'

const SINGLE = Number(process.env.BENCH_DURABLE_SINGLE ?? 500)
const BATCHES = 20
const BATCH = 100
const CLIENTS = 8
const PER_CLIENT = 50
/** Single writes at the pace of a busy scanning station: 10 a second, each on its own. */
const PACED = Number(process.env.BENCH_DURABLE_PACED ?? 300)
const PACE_MS = 100

interface Figures {
  p50: number
  p99: number
  /** The same single writes again at the end, after BETWEEN (its code optimized, its caches full). */
  warmP50: number
  warmP99: number
  pacedP50: number
  pacedP99: number
  /** The same single writes once more, with a TUI's subscription on another connection (a station's screen). */
  shownP50: number
  shownP99: number
  /** view.changed pushes that subscription received meanwhile. */
  pushes: number
  single: number
  batched: number
  concurrent: number
}

/** SINGLE notes one after another, each timed to its answer: the milliseconds, sorted. */
async function singleWrites(client: SocketClient, label: string): Promise<number[]> {
  const ms: number[] = []
  for (let i = 0; i < SINGLE; i++) {
    const s = performance.now()
    await client.call('notes.post', { text: `${label} ${i}` })
    ms.push(performance.now() - s)
  }
  return ms.sort((a, b) => a - b)
}

/** One daemon, syncing its log before each acknowledgement or not: the cost of durability. */
async function measure(bin: string, dir: string, syncWrites: boolean): Promise<Figures> {
  const dataDir = join(dir, syncWrites ? 'synced' : 'unsynced')
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  await writeFile(join(dataDir, 'config.json'), JSON.stringify({ syncWrites }))
  const daemon = await startBenchDaemon(bin, dataDir, ['--no-network'])
  const pin = daemon.adminSecret ?? ''
  const signedIn = async (): Promise<SocketClient> => {
    const c = await daemon.connect()
    await c.call('session.signIn', { person: 'admin', pin })
    return c
  }
  try {
    const client = await signedIn()
    for (let i = 0; i < WARM_UP; i++) await client.call('notes.post', { text: `warm ${i}` })
    const t = performance.now()
    const latencies = await singleWrites(client, 'single')
    const single = SINGLE / ((performance.now() - t) / 1000)
    // Back to back, ~100 writes a second allocate ~130 MB/s and V8's full collections land inside
    // writes; at a person's pace they mostly run between them. Both are reported.
    const paced: number[] = []
    const tp = performance.now()
    for (let i = 0; i < PACED; i++) {
      const slot = tp + i * PACE_MS - performance.now()
      if (slot > 0) await new Promise((r) => setTimeout(r, slot))
      const s = performance.now()
      await client.call('notes.post', { text: `paced ${i}` })
      paced.push(performance.now() - s)
    }
    paced.sort((a, b) => a - b)
    const tb = performance.now()
    for (let b = 0; b < BATCHES; b++) {
      await client.call('ops.submit', {
        ops: Array.from({ length: BATCH }, (_, j) => ({ type: 'notes.post', payload: { text: `b ${b}.${j}` } })),
      })
    }
    const batched = (BATCHES * BATCH) / ((performance.now() - tb) / 1000)
    const clients = await Promise.all(Array.from({ length: CLIENTS }, signedIn))
    const tc = performance.now()
    await Promise.all(
      clients.map(async (c, k) => {
        for (let i = 0; i < PER_CLIENT; i++) await c.call('notes.post', { text: `c ${k}.${i}` })
      }),
    )
    const concurrent = (CLIENTS * PER_CLIENT) / ((performance.now() - tc) / 1000)
    const warm = await singleWrites(client, 'warm single')
    // A station's TUI subscribes to view.changed (tui/hooks/use-daemon-status.ts): each push (one
    // per 20 ms on average, a few at once allowed: EventThrottle) costs the daemon a status read
    // beside the writes. The series above have no subscriber, so that they compare with the
    // figures before. A lower bound for a station: this subscriber only counts, where a screen
    // also reads what it shows on a push. It runs last, so against the warm series it also has
    // 500 more notes behind it.
    const screen = await signedIn()
    let pushes = 0
    screen.onEvent('view.changed', () => pushes++)
    await screen.call('view.subscribe')
    const shown = await singleWrites(client, 'shown single')
    for (const c of [client, screen, ...clients]) c.close()
    return {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      warmP50: percentile(warm, 50),
      warmP99: percentile(warm, 99),
      pacedP50: percentile(paced, 50),
      pacedP99: percentile(paced, 99),
      shownP50: percentile(shown, 50),
      shownP99: percentile(shown, 99),
      pushes,
      single,
      batched,
      concurrent,
    }
  } finally {
    await daemon.stop()
  }
}

/** What the daemon writes between its two series of single writes: paced, batches, concurrent clients. */
const BETWEEN: Between = { singles: PACED + CLIENTS * PER_CLIENT, blocks: BATCHES, perBlock: BATCH }
const before = WARM_UP + SINGLE + BETWEEN.singles
const WARM_AFTER = `${(before + BETWEEN.blocks).toLocaleString('en')} requests, ${(before + BETWEEN.blocks * BETWEEN.perBlock).toLocaleString('en')} notes`

export async function benchDurability(bin: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'op-bench-durable-'))
  try {
    const unsynced = await measure(bin, dir, false)
    const synced = await measure(bin, dir, true)
    // the anchor: the same stack with nothing of ours around it, in the same run (stack-anchor.ts)
    const anchor = await stackAnchorInFreshProcess(join(dir, 'anchor'), true, SINGLE, BETWEEN)
    const stack = { cold: sorted(anchor.cold), warm: sorted(anchor.warm) }
    const ms = (n: number) => `${n.toFixed(1)} ms`
    const rate = (n: number) => `${Math.round(n).toLocaleString('en')} ops/s`
    const pair = (what: string, f: (x: Figures) => string, target = '', ok?: boolean): Row[] => [
      { measure: `${what}, synced`, value: f(synced), target, verdict: ok === undefined ? '' : verdict(ok) },
      { measure: `${what}, not synced (syncWrites false)`, value: f(unsynced), target: '', verdict: '' },
    ]
    const row = (measure: string, value: string): Row => ({ measure, value, target: '', verdict: '' })
    const rows: Row[] = [
      ...pair(`acknowledged single write p50, writes ${WARM_UP + 1}-${WARM_UP + SINGLE} after start`, (x) => ms(x.p50)),
      ...pair(
        `acknowledged single write p99, writes ${WARM_UP + 1}-${WARM_UP + SINGLE} after start`,
        (x) => ms(x.p99),
        'under 16 ms',
        synced.p99 < 16,
      ),
      ...pair(
        `acknowledged single write p50 / p99, warm (after ${WARM_AFTER})`,
        (x) => `${ms(x.warmP50)} / ${ms(x.warmP99)}`,
        'p99 under 16 ms',
        synced.warmP99 < 16,
      ),
      ...pair(
        `paced single writes (${1000 / PACE_MS}/s, ${PACED}) p50 / p99`,
        (x) => `${ms(x.pacedP50)} / ${ms(x.pacedP99)}`,
        'p99 under 16 ms',
        synced.pacedP99 < 16,
      ),
      ...pair(
        'acknowledged single write p50 / p99, warm, a TUI subscribed (view.changed)',
        (x) => `${ms(x.shownP50)} / ${ms(x.shownP99)} (${x.pushes.toLocaleString('en')} pushes)`,
        'p99 under 16 ms',
        synced.shownP99 < 16,
      ),
      row(
        'anchor: the stack alone doing the writes of a note, synced, in process (stack-anchor.ts), p50 / p99 after start',
        `${ms(percentile(stack.cold, 50))} / ${ms(percentile(stack.cold, 99))}`,
      ),
      row('anchor: the stack alone, synced, p50 / p99 warm', `${ms(percentile(stack.warm, 50))} / ${ms(percentile(stack.warm, 99))}`),
      row(
        "single write p99 against the anchor's, synced: after start / warm",
        `${ratio(synced.p99, percentile(stack.cold, 99))} / ${ratio(synced.warmP99, percentile(stack.warm, 99))}`,
      ),
      ...pair('single writes, one client', (x) => rate(x.single)),
      ...pair(`batches of ${BATCH} (ops.submit)`, (x) => rate(x.batched)),
      ...pair(`${CLIENTS} clients writing at once (group commit)`, (x) => rate(x.concurrent)),
      row('cost of syncing, single writes (synced/unsynced time)', ratio(unsynced.single, synced.single)),
      row(`cost of syncing, ${CLIENTS} clients at once`, ratio(unsynced.concurrent, synced.concurrent)),
    ]
    printTable(`Durability: an acknowledgement after the log is synced (fdatasync), one node (Node ${process.version})`, rows)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)
