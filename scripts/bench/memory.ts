import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { freeUdpPortPair } from '../../daemon/net/ports.js'
import { startBenchDaemon, type BenchDaemon } from './bench-daemon.js'
import { pair, untilConverged, type BenchNode } from './mesh.js'
import { PEAK_BOUND, SETTLED_BOUND, lastProbe, probePath } from './soak.js'
import { printTable, verdict, type Row } from './table.js'
import { joinBuiltSite } from './memory-join.js'
import { memoryOfBuiltSite } from './memory-site.js'
import { PER_RECEIVE, joinRows, mb, peakWhile, settled, settledText, splitOf, type Settled } from './memory-measure.js'

export interface MemoryOptions {
  /** The largest site, in rolls: the curve stops there (10k, 100k, 1M, as far as this allows). */
  max: number
  /** Also run without the bounds (OUTPOST_MEMORY_BOUNDS=off, no MALLOC_ARENA_MAX), as the anchor. */
  compare: boolean
  /** A second node joins the site at its largest size (its peak is the join's cost). */
  join: boolean
  /** A site built by `npm run bench restart -- --keep DIR` (1M rolls in ~17 min): measured from there instead. */
  site: string | null
  /** With --site: a new node joins a copy of that site instead (memory-join.ts). */
  joinSite: boolean
}

export function parseMemoryArgs(args: string[]): MemoryOptions {
  const i = args.indexOf('--max')
  const max = i < 0 ? 100_000 : Number(args[i + 1])
  if (!Number.isInteger(max) || max < 10_000) throw new Error('--max takes a number of rolls, 10000 or more')
  const s = args.indexOf('--site')
  const site = s < 0 ? null : (args[s + 1] ?? null)
  if (s >= 0 && site === null) throw new Error('--site takes the dir of a site built by `npm run bench restart -- --keep DIR`')
  return { max, compare: args.includes('--compare'), join: !args.includes('--no-join'), joinSite: args.includes('--join'), site }
}

interface Stage {
  rolls: number
  receiveS: number
  peak: number
  settled: Settled
  restartPeak: number
  restartSettled: Settled
  split: string
}

/**
 * `npm run bench memory -- [--max 1000000] [--compare] [--no-join]`: the daemon's RSS (settled
 * and peak) against the size of the site, rolls received 500 per receive up to 10k, 100k and 1M
 * (issue #15, seen before the bounds: 330-394 MB after 100,000 operations, 807 MB after
 * receiving 1,000,000 rolls, 457-564 MB after a node joins a 90,000-operation site). Each size is
 * measured while growing (peak), settled, and after a restart. `--compare` runs the same without
 * the bounds first, as the anchor. Measured with the bounds (load 19-24): 10k rolls peak 140,
 * settled 138, restarted 85 MB; 100k rolls peak 157, settled 138, restarted 88 MB (without them:
 * 250/250/89 and 412/363/93 MB). A node joining the site: 20,000 rolls, main's build before the
 * hypercore patch's commit over the same tree, peak 713 MB after converging, settled 419 MB; with
 * it 151 / 130 MB, and 158 / 138 MB at 50,000 rolls (docs/benchmarks.md).
 */
export async function benchMemory(bin: string, opts: MemoryOptions): Promise<void> {
  if (opts.site !== null) return opts.joinSite ? joinBuiltSite(bin, opts.site) : memoryOfBuiltSite(bin, opts.site)
  const sizes = [10_000, 100_000, 1_000_000].filter((n) => n < opts.max)
  sizes.push(opts.max)
  const runs = opts.compare ? [false, true] : [true]
  for (const bounded of runs) await memoryRun(bin, sizes, bounded, opts.join)
}

async function memoryRun(bin: string, sizes: number[], bounded: boolean, join_: boolean): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'op-memory-'))
  const env = (name: string): NodeJS.ProcessEnv => ({
    OUTPOST_MEMORY_PROBE: join(dir, `${name}.probe`),
    OUTPOST_MEMORY_PROBE_MS: '1000',
    ...(bounded ? {} : { OUTPOST_MEMORY_BOUNDS: 'off', MALLOC_ARENA_MAX: '', OUTPOST_ALLOCATOR: 'glibc' }),
  })
  const flags = process.env.BENCH_DAEMON_FLAGS ?? ''
  process.env.BENCH_DAEMON_FLAGS = `--import=${probePath} ${flags}`
  const a: BenchNode = {
    name: 'alpha',
    dir: join(dir, 'alpha'),
    net: ['--host', '127.0.0.1', '--port', String(await freeUdpPortPair())],
    daemon: null,
  }
  const nodes: BenchNode[] = [a]
  const stages: Stage[] = []
  const rows: Row[] = []
  const loads: number[] = []
  try {
    a.daemon = await startBenchDaemon(bin, a.dir, a.net, env(a.name))
    const secret = a.daemon.adminSecret!
    const signIn = async (d: BenchDaemon) => {
      const c = await d.connect()
      await c.call('session.signIn', { person: 'admin', pin: secret })
      return c
    }
    let client = await signIn(a.daemon)
    const products = Array.from({ length: 1000 }, (_, i) => ({
      sku: `P${i}`,
      name: `Product ${i}`,
      unit: 'm' as const,
      barcodes: [],
      attributes: { color: `c${i % 40}` },
    }))
    await client.call('catalog.upsert', { products, locations: [{ code: 'A-01-1', barcode: null, rack: 'A', bin: '01-1' }] })
    let held = 0
    for (const size of sizes) {
      const t0 = performance.now()
      const peak = await peakWhile(
        () => [a.daemon!],
        async () => {
          for (; held < size; held += PER_RECEIVE) {
            await client.call('stock.receive', {
              product: `P${held % 1000}`,
              lot: `L${held}`,
              location: 'A-01-1',
              quantity: '50',
              rolls: Math.min(PER_RECEIVE, size - held),
              printer: null,
            })
            if (held % 50_000 === 0) loads.push(loadavg()[0]!)
          }
        },
      )
      const receiveS = (performance.now() - t0) / 1000
      const settledRss = await settled(a.daemon, client)
      client.close()
      await a.daemon.stop()
      let restarted: BenchDaemon | null = null
      const restartPeak = await peakWhile(
        () => (restarted === null ? [] : [restarted]),
        async () => {
          restarted = await startBenchDaemon(bin, a.dir, a.net, env(a.name))
        },
      )
      a.daemon = restarted!
      client = await signIn(a.daemon)
      const restartSettled = await settled(a.daemon, client)
      const split = splitOf(await lastProbe(join(dir, 'alpha.probe')))
      stages.push({ rolls: size, receiveS, peak, settled: settledRss, restartPeak, restartSettled, split })
      process.stderr.write(
        `memory: ${size} rolls, ${receiveS.toFixed(0)} s, peak ${mb(peak)}, settled ${mb(settledRss.rss)}, restarted ${mb(restartSettled.rss)}\n`,
      )
    }
    client.close()
    for (const s of stages) {
      const at = `${s.rolls.toLocaleString('en')} rolls`
      const peak = Math.max(s.peak, s.restartPeak, s.settled.peak, s.restartSettled.peak)
      rows.push(
        { measure: `${at}: receive (${PER_RECEIVE} per receive)`, value: `${s.receiveS.toFixed(0)} s`, target: '', verdict: '' },
        {
          measure: `${at}: RSS peak (receiving, restart, while settling)`,
          value: `${mb(s.peak)}, ${mb(s.restartPeak)}, ${mb(Math.max(s.settled.peak, s.restartSettled.peak))}`,
          target: '< 250 MB',
          verdict: verdict(peak < PEAK_BOUND),
        },
        {
          measure: `${at}: RSS settled (after receiving, after a restart)`,
          value: `${settledText(s.settled)}, ${settledText(s.restartSettled)}`,
          target: '< 150 MB',
          verdict: verdict(Math.max(s.settled.rss, s.restartSettled.rss) < SETTLED_BOUND),
        },
        { measure: `${at}: split after the restart`, value: s.split, target: '', verdict: '' },
      )
    }
    if (join_) {
      // a second node joins the site at its largest size, and receives all of it
      const b: BenchNode = {
        name: 'bravo',
        dir: join(dir, 'bravo'),
        net: ['--host', '127.0.0.1', '--port', String(await freeUdpPortPair())],
        daemon: null,
      }
      nodes.push(b)
      const status = await (async () => {
        const c = await a.daemon!.connect()
        try {
          return await c.call('system.status')
        } finally {
          c.close()
        }
      })()
      const t0 = performance.now()
      const peak = await peakWhile(
        () => (b.daemon === null ? [] : [b.daemon]),
        async () => {
          await pair(bin, a, b, secret, env(b.name))
          await untilConverged(nodes, status.view.seq + 1, performance.now())
        },
      )
      const joinS = (performance.now() - t0) / 1000
      const c = await signIn(b.daemon!)
      const after = await settled(b.daemon!, c)
      c.close()
      rows.push(
        ...(await joinRows(
          `a node joins the ${sizes.at(-1)!.toLocaleString('en')}-roll site`,
          joinS,
          peak,
          after,
          join(dir, 'bravo.probe'),
        )),
      )
    }
    rows.push({
      measure: 'load average (1 min) while receiving',
      value: loads.length === 0 ? '' : `${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}`,
      target: '',
      verdict: '',
    })
    printTable(
      `Memory: the daemon's RSS against the size of the site${bounded ? '' : ' WITHOUT the memory bounds (anchor)'} (Node ${process.version})`,
      rows,
    )
  } finally {
    process.env.BENCH_DAEMON_FLAGS = flags
    for (const n of nodes) if (n.daemon !== null && n.daemon.proc.exitCode === null) await n.daemon.stop()
    if (process.env.BENCH_DEBUG === undefined) await rm(dir, { recursive: true, force: true })
  }
}
