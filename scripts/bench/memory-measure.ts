import type { SocketClient } from '../../client/socket-client.js'
import type { BenchDaemon } from './bench-daemon.js'
import type { ProbeSample } from './memory-probe.js'
import { lastProbe, peakProbe, PEAK_BOUND, SETTLED_BOUND } from './soak.js'
import { verdict, type Row } from './table.js'

/** How the memory benches measure a daemon's RSS: its peak while work runs, and settled after. */

/** Rolls per `stock.receive`: the payload's maximum. */
export const PER_RECEIVE = 500

/** Where a probe sample's memory is: the JS heap, native memory V8 knows of, and the kernel's view. */
export function splitOf(p: ProbeSample | null): string {
  if (p === null) return ''
  return `heap ${mb(p.heapUsed)} of ${mb(p.heapTotal)}, external ${mb(p.external)}, anon ${mb(p.anonymous)}, file ${mb(p.file)}, arenas ${p.arenas}`
}
export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`
export const settledText = (s: Settled) => `${mb(s.rss)} (${s.level ? 'level' : 'NOT level'} after ${s.seconds.toFixed(0)} s)`

/** RSS sampled every 250 ms while `work` runs: the peak. */
export async function peakWhile(daemons: () => BenchDaemon[], work: () => Promise<void>): Promise<number> {
  let peak = 0
  const sample = () => {
    for (const d of daemons()) if (d.proc.exitCode === null) peak = Math.max(peak, d.rssBytes())
  }
  const timer = setInterval(sample, 250)
  try {
    await work()
  } finally {
    clearInterval(timer)
  }
  sample()
  return peak
}

/** RSS is level when it moved less than this over the last LEVEL_SPAN_S seconds. */
const LEVEL_BYTES = 4 * 2 ** 20
const LEVEL_SPAN_S = 20
/** Settling waits at least this long (a joiner commits its view after the fold converged), and at most settleMaxS. */
const MIN_SETTLE_S = 30
/**
 * How long settling may take at most, in seconds: BENCH_SETTLE_MAX_S, else `fallback`. A node that
 * joined the 1,000,000-roll site kept working for ~8 minutes after its fold converged (the first
 * commit of its view copies ~8 million blocks into the view's core, and RocksDB compacts what
 * that wrote): 300 s caught it in the middle ("166 MB, NOT level"); it levelled at 127 MB.
 */
export function settleMaxS(fallback: number): number {
  return Number(process.env.BENCH_SETTLE_MAX_S ?? fallback)
}

export interface Settled {
  /** RSS once level (or at the most settling may take, when `level` is false). */
  rss: number
  /** The highest RSS seen while settling: work after convergence (a joiner's first commit of its view) counts as peak. */
  peak: number
  /** Seconds from the end of the writes (or convergence) until level. */
  seconds: number
  level: boolean
}

/**
 * Settled: writes stopped (or the views converged), a few lookups (as a person scanning would),
 * then RSS sampled each second until it moved less than 4 MB over 20 s, at least 30 s after the
 * writes. A fixed 10 s was too short: a node that joined a site commits its whole view after its
 * fold has converged, and its RSS rose from ~140 to ~690 MB 5-15 s after "converged".
 */
export async function settled(daemon: BenchDaemon, client: SocketClient, maxS = settleMaxS(300)): Promise<Settled> {
  const started = performance.now()
  const samples: number[] = []
  let peak = 0
  let looked = false
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000))
    const rss = daemon.rssBytes()
    samples.push(rss)
    peak = Math.max(peak, rss)
    const seconds = (performance.now() - started) / 1000
    if (!looked && seconds >= 10) {
      looked = true
      const rolls = await client.call('stock.rolls', { limit: 20 })
      for (const roll of rolls) await client.call('scan.resolve', { code: roll.code })
    }
    const span = samples.slice(-LEVEL_SPAN_S)
    const level = looked && span.length === LEVEL_SPAN_S && Math.max(...span) - Math.min(...span) < LEVEL_BYTES
    if ((level && seconds >= MIN_SETTLE_S) || seconds >= maxS) return { rss, peak, seconds, level }
  }
}

/** A joining node's rows (memory.ts at its largest size, memory-join.ts on a built site): how long, peak, settled, split. */
export async function joinRows(at: string, seconds: number, peak: number, after: Settled, probe: string): Promise<Row[]> {
  return [
    { measure: `${at}: until converged`, value: `${seconds.toFixed(0)} s`, target: '', verdict: '' },
    {
      measure: `${at}: its RSS peak (catching up, after converged)`,
      value: `${mb(peak)}, ${mb(after.peak)}`,
      target: '< 250 MB',
      verdict: verdict(Math.max(peak, after.peak) < PEAK_BOUND),
    },
    { measure: `${at}: its RSS settled`, value: settledText(after), target: '< 150 MB', verdict: verdict(after.rss < SETTLED_BOUND) },
    { measure: `${at}: split at its peak`, value: splitOf(await peakProbe(probe)), target: '', verdict: '' },
    { measure: `${at}: split settled`, value: splitOf(await lastProbe(probe)), target: '', verdict: '' },
  ]
}
