import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir, loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freeUdpPortPair } from '../../daemon/net/ports.js'
import { startBenchDaemon } from './bench-daemon.js'
import type { ProbeSample } from './memory-probe.js'
import { pair, signedIn, statuses, untilConverged, type BenchNode } from './mesh.js'
import { printTable, verdict, type Row } from './table.js'

/** The daemon's bounds (issue #15): a 1 GB Raspberry Pi also runs the TUI and the OS. */
export const SETTLED_BOUND = 150 * 1024 * 1024
export const PEAK_BOUND = 250 * 1024 * 1024

export interface SoakOptions {
  minutes: number
  nodes: number
  /** Notes a second, written one per request by the first node. */
  rate: number
  sampleSeconds: number
  /** Run the daemons without the memory bounds (OUTPOST_MEMORY_BOUNDS=off): the anchor. */
  unbounded: boolean
}

export function parseSoakArgs(args: string[]): SoakOptions {
  const value = (flag: string, fallback: number): number => {
    const i = args.indexOf(flag)
    const v = i < 0 ? fallback : Number(args[i + 1])
    if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag} takes a positive number`)
    return v
  }
  return {
    minutes: value('--minutes', 30),
    nodes: value('--nodes', 2),
    rate: value('--rate', 20),
    sampleSeconds: value('--sample', 10),
    unbounded: args.includes('--unbounded'),
  }
}

export const probePath = fileURLToPath(new URL('./memory-probe.js', import.meta.url))
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)}`

/**
 * `npm run bench soak -- --minutes 30 [--nodes 2] [--rate 20] [--sample 10] [--unbounded]`: real
 * daemons paired over loopback, the first writing one ~110-byte note per request at a steady
 * rate (issue #15, seen: 151 -> 465 MB on the writer and 86 -> 378 MB on its peer in 10 minutes,
 * about 30 MB a minute, never levelling off). Samples every daemon's RSS and prints the curve,
 * the split of the last sample (JS heap, outside it), and whether RSS levelled off under the bound.
 * Measured with the bounds, 30 min at load 21-36 (8,068 notes: the loaded machine kept ~4.5/s):
 * writer 99 -> 143 MB (peak 147), peer 84 -> 124 MB, both growing 0.19 MB/min over the last
 * 10 min; without them (--unbounded, 12 min, same load) 102 -> 253 MB and 87 -> 175 MB, 7 MB/min.
 */
export async function benchSoak(bin: string, opts: SoakOptions): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'op-soak-'))
  const nodes: BenchNode[] = []
  const env = (n: BenchNode): NodeJS.ProcessEnv => ({
    OUTPOST_MEMORY_PROBE: join(dir, `${n.name}.probe`),
    ...(opts.unbounded ? { OUTPOST_MEMORY_BOUNDS: 'off', MALLOC_ARENA_MAX: '', OUTPOST_ALLOCATOR: 'glibc' } : {}),
  })
  const flags = process.env.BENCH_DAEMON_FLAGS ?? ''
  process.env.BENCH_DAEMON_FLAGS = `--import=${probePath} ${flags}`
  try {
    for (let i = 0; i < opts.nodes; i++) {
      const name = ['alpha', 'bravo', 'charlie', 'delta', 'echo'][i] ?? `node${i}`
      nodes.push({ name, dir: join(dir, name), net: ['--host', '127.0.0.1', '--port', String(await freeUdpPortPair())], daemon: null })
    }
    const [writer] = nodes as [BenchNode]
    writer.daemon = await startBenchDaemon(bin, writer.dir, writer.net, env(writer))
    const secret = writer.daemon.adminSecret ?? ''
    for (const n of nodes.slice(1)) await pair(bin, writer, n, secret, env(n))
    const started = Date.now()
    const curve: { s: number; rss: number[]; load: number }[] = []
    const sampleNow = () =>
      curve.push({ s: (Date.now() - started) / 1000, rss: nodes.map((n) => n.daemon!.rssBytes()), load: loadavg()[0]! })
    sampleNow()
    const sampler = setInterval(sampleNow, opts.sampleSeconds * 1000)
    const client = await signedIn(writer, secret)
    let written = 0
    let failed = 0
    const end = started + opts.minutes * 60_000
    try {
      // paced from the start time: a write that comes late is sent at once, never in a burst
      while (Date.now() < end) {
        const due = started + (written + failed) * (1000 / opts.rate)
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()))
        try {
          await client.call('ops.submit', { ops: [{ type: 'notes.post', payload: { text: soakNote(written) } }] })
          written++
        } catch {
          failed++
        }
      }
    } finally {
      client.close()
      clearInterval(sampler)
    }
    const seq = (await statuses([writer]))[0]!.view.seq
    const convergeStarted = performance.now()
    await untilConverged(nodes, seq, convergeStarted)
    const convergeMs = performance.now() - convergeStarted
    // settled: writes stopped, a minute of quiet
    await new Promise((r) => setTimeout(r, 60_000))
    sampleNow()
    const probes = await Promise.all(nodes.map((n) => lastProbe(join(dir, `${n.name}.probe`))))
    printCurve(nodes, curve)
    const rows: Row[] = []
    nodes.forEach((n, i) => {
      const rss = curve.map((c) => c.rss[i]!)
      const peak = Math.max(...rss)
      const settled = rss.at(-1)!
      const writing = curve.slice(0, -1)
      // levelled off: over the last third of the writing, RSS grew less than 1 MB a minute
      const third = writing.filter((c) => c.s >= (writing.at(-1)!.s * 2) / 3)
      const slope = third.length > 1 ? (third.at(-1)!.rss[i]! - third[0]!.rss[i]!) / 2 ** 20 / ((third.at(-1)!.s - third[0]!.s) / 60) : NaN
      const p = probes[i]
      rows.push(
        {
          measure: `${n.name}: RSS at start -> end of writing`,
          value: `${mb(rss[0]!)} -> ${mb(writing.at(-1)!.rss[i]!)} MB`,
          target: '',
          verdict: '',
        },
        { measure: `${n.name}: RSS peak`, value: `${mb(peak)} MB`, target: '< 250 MB', verdict: verdict(peak < PEAK_BOUND) },
        {
          measure: `${n.name}: RSS settled (1 min after the last write)`,
          value: `${mb(settled)} MB`,
          target: '< 150 MB',
          verdict: verdict(settled < SETTLED_BOUND),
        },
        {
          measure: `${n.name}: growth over the last third of the writing`,
          value: `${slope.toFixed(2)} MB/min`,
          target: '< 1 MB/min',
          verdict: verdict(slope < 1),
        },
      )
      if (p !== null && p !== undefined) {
        rows.push({
          measure: `${n.name}: settled split (MB)`,
          value: `heap ${mb(p.heapUsed)}/${mb(p.heapTotal)}, external ${mb(p.external)} (buffers ${mb(p.arrayBuffers)}), anon ${mb(p.anonymous)}, file ${mb(p.file)}, arenas ${p.arenas}`,
          target: '',
          verdict: '',
        })
      }
    })
    rows.push(
      { measure: 'notes written / failed', value: `${written} / ${failed}`, target: '0 failed', verdict: verdict(failed === 0) },
      { measure: 'converged after the last write', value: `${(convergeMs / 1000).toFixed(1)} s`, target: '', verdict: '' },
      {
        measure: 'load average (1 min) during the run',
        value: `${Math.min(...curve.map((c) => c.load)).toFixed(1)}-${Math.max(...curve.map((c) => c.load)).toFixed(1)}`,
        target: '',
        verdict: '',
      },
    )
    printTable(
      `Soak: ${opts.nodes} daemons on loopback, ${opts.rate} notes/s for ${opts.minutes} min${opts.unbounded ? ' WITHOUT the memory bounds' : ''} (Node ${process.version})`,
      rows,
    )
  } finally {
    process.env.BENCH_DAEMON_FLAGS = flags
    for (const n of nodes) if (n.daemon !== null && n.daemon.proc.exitCode === null) await n.daemon.stop()
    if (process.env.BENCH_DEBUG === undefined) await rm(dir, { recursive: true, force: true })
  }
}

/** A note of about 110 bytes, as a scan's shift note might be. */
export function soakNote(i: number): string {
  return `soak note ${String(i).padStart(7, '0')}: roll R-${(i * 7919) % 100000} checked at dock 3, label reprinted, ok`.slice(0, 110)
}

function printCurve(nodes: BenchNode[], curve: { s: number; rss: number[]; load: number }[]): void {
  process.stdout.write(`\nRSS curve (MB), one line per sample\n  time    ${nodes.map((n) => n.name.padStart(8)).join('')}     load\n`)
  for (const c of curve) {
    const t = `${Math.floor(c.s / 60)}:${String(Math.round(c.s % 60)).padStart(2, '0')}`
    process.stdout.write(`  ${t.padStart(6)}  ${c.rss.map((r) => mb(r).padStart(8)).join('')}  ${c.load.toFixed(1).padStart(7)}\n`)
  }
}

export async function lastProbe(path: string): Promise<ProbeSample | null> {
  return (await probes(path)).at(-1) ?? null
}

/** The probe's sample with the highest RSS: where the memory was at the peak. */
export async function peakProbe(path: string): Promise<ProbeSample | null> {
  return (await probes(path)).reduce<ProbeSample | null>((top, s) => (top === null || s.rss > top.rss ? s : top), null)
}

async function probes(path: string): Promise<ProbeSample[]> {
  const text = await readFile(path, 'utf8').catch(() => '')
  return text
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ProbeSample)
}
