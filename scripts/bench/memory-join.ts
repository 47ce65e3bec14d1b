import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startBenchDaemon } from './bench-daemon.js'
import { benchNode, pair, signedIn, untilConverged, type BenchNode } from './bench-site.js'
import { joinRows, peakWhile, settled, settleMaxS } from './memory-measure.js'
import { copyBuiltSite } from './memory-site.js'
import type { BuiltSite } from './restart-site.js'
import { probePath } from './soak.js'
import { printTable } from './table.js'

/** A join at 1,000,000 rolls folds ~2,000 operations of ~11,000 view writes each: minutes, not seconds. */
const JOIN_TIMEOUT_MS = 60 * 60_000

/**
 * `npm run bench memory -- --site DIR --join`: a new node joins a copy of a site built by `npm run
 * bench restart -- --keep DIR` (1,000,000 rolls) and folds all of it, the largest catch-up a node
 * makes: its RSS peak while catching up and after, settled, and how long it took. The site's node
 * runs beside it on loopback, as in `npm run bench memory`'s join at 100,000 rolls.
 */
export async function joinBuiltSite(bin: string, siteDir: string): Promise<void> {
  const built = JSON.parse(await readFile(join(resolve(siteDir), 'restart-bench.json'), 'utf8')) as BuiltSite
  const dir = await mkdtemp(join(tmpdir(), 'op-memory-join-'))
  const flags = process.env.BENCH_DAEMON_FLAGS ?? ''
  process.env.BENCH_DAEMON_FLAGS = `--import=${probePath} ${flags}`
  const env = (name: string) => ({ OUTPOST_MEMORY_PROBE: join(dir, `${name}.probe`), OUTPOST_MEMORY_PROBE_MS: '1000' })
  const nodes: BenchNode[] = []
  try {
    const site = await benchNode(dir, 'alpha')
    nodes.push(site)
    await copyBuiltSite(siteDir, site.dir)
    site.daemon = await startBenchDaemon(bin, site.dir, site.net, env(site.name))
    const admin = await signedIn(site, built.adminSecret)
    const seq = (await admin.call('system.status')).view.seq
    admin.close()
    const load = loadavg()[0]!
    const joiner = await benchNode(dir, 'bravo')
    nodes.push(joiner)
    const t0 = performance.now()
    const peak = await peakWhile(
      () => (joiner.daemon === null ? [] : [joiner.daemon]),
      async () => {
        await pair(bin, site, joiner, built.adminSecret, env(joiner.name))
        // the pairing adds one operation (the new writer)
        await untilConverged(nodes, seq + 1, performance.now(), JOIN_TIMEOUT_MS)
      },
    )
    const joinS = (performance.now() - t0) / 1000
    const client = await signedIn(joiner, built.adminSecret)
    // 15 minutes: at 1,000,000 rolls the joiner levelled 510 s after it converged (memory-measure.ts)
    const after = await settled(joiner.daemon!, client, settleMaxS(900))
    client.close()
    const at = `a node joins the ${built.rolls.toLocaleString('en')}-roll site (${built.seq.toLocaleString('en')} ops)`
    printTable(`Memory: a node joining a built site (Node ${process.version})`, [
      ...(await joinRows(at, joinS, peak, after, join(dir, 'bravo.probe'))),
      { measure: 'load average (1 min) before the join', value: load.toFixed(1), target: '', verdict: '' },
    ])
  } finally {
    process.env.BENCH_DAEMON_FLAGS = flags
    for (const n of nodes) if (n.daemon !== null && n.daemon.proc.exitCode === null) await n.daemon.stop()
    await rm(dir, { recursive: true, force: true })
  }
}
