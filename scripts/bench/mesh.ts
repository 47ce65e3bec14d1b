import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBenchDaemon } from './bench-daemon.js'
import { benchNode, pair, pairedSite, rawReplication, signedIn, untilConverged, type BenchNode } from './bench-site.js'
import { pouchReplication, pouchReplicationInFreshProcess } from './pouch.js'
import { printTable, ratio, verdict, type Row } from './table.js'

// the shared site helpers, where the other benches import them from
export { pair, signedIn, statuses, untilConverged, type BenchNode } from './bench-site.js'

const OPS = Number(process.env.BENCH_MESH_OPS ?? 10_000)
const BATCH = 100
/** Catch-up and PouchDB are timed this many times each; the table gives the median and the range. */
const RUNS = Number(process.env.BENCH_MESH_RUNS ?? 3)

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!
const seconds = (xs: number[]): string =>
  xs.length === 1
    ? `${(xs[0]! / 1000).toFixed(2)} s`
    : `${(median(xs) / 1000).toFixed(2)} s (${(Math.min(...xs) / 1000).toFixed(2)}-${(Math.max(...xs) / 1000).toFixed(2)})`

/** OPS notes on `node`, in blocks of 100, from a client signed in for them. */
async function write(node: BenchNode, secret: string, label: string): Promise<void> {
  const client = await signedIn(node, secret)
  try {
    for (let i = 0; i < OPS; i += BATCH) {
      await client.call('ops.submit', {
        ops: Array.from({ length: Math.min(BATCH, OPS - i) }, (_, j) => ({ type: 'notes.post', payload: { text: `${label} ${i + j}` } })),
      })
    }
  } finally {
    client.close()
  }
}

/**
 * Raw Hypercore: the same 10,000 envelopes packed as Outpost packs them (100 per block),
 * replicated between two stores in this process: the floor for moving the log.
 */
function rawHypercoreReplication(dir: string): Promise<number> {
  return rawReplication(
    dir,
    async (core) => {
      for (let i = 0; i < OPS; i += BATCH) {
        await core.append(
          Array.from({ length: BATCH }, (_, j) => ({
            type: 'notes.post',
            v: 1,
            person: 'admin',
            payload: { text: `bench note ${i + j}` },
            hlc: { t: Date.now(), c: 0 },
          })),
        )
      }
    },
    (copy) => (copy as unknown as { download(r: object): { done(): Promise<void> } }).download({ start: 0, end: OPS / BATCH }).done(),
    'json',
  )
}

export async function benchMesh(bin: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'op-mesh-'))
  const nodes: BenchNode[] = []
  try {
    const site = await pairedSite(bin, dir, ['alpha', 'bravo', 'charlie'])
    nodes.push(...site.nodes)
    const secret = site.secret
    const [a, b, c] = nodes as [BenchNode, BenchNode, BenchNode]
    let seq = 4 // genesis (2) and two mesh.addNode
    await untilConverged(nodes, seq, performance.now())

    // each writes 10,000 operations while cut off from the others
    for (const n of nodes) {
      await n.daemon!.stop()
      n.daemon = await startBenchDaemon(bin, n.dir, ['--no-network'])
      await write(n, secret, n.name)
      await n.daemon.stop()
    }
    seq += 3 * OPS
    // then they come up together and find each other
    let started = performance.now()
    for (const n of nodes) n.daemon = await startBenchDaemon(bin, n.dir, n.net)
    const converge = await untilConverged(nodes, seq, started)
    await new Promise((r) => setTimeout(r, 1000))
    const rss = nodes.map((n) => n.daemon!.rssBytes())

    // catch-up, RUNS times (each on a longer log): charlie is off while alpha writes 10,000
    const catchUps: number[] = []
    let restartToReady = 0
    for (let run = 0; run < RUNS; run++) {
      await c.daemon!.stop()
      await write(a, secret, `while charlie was off (${run})`)
      seq += OPS
      await untilConverged([a, b], seq, performance.now())
      c.daemon = await startBenchDaemon(bin, c.dir, c.net)
      started = performance.now()
      catchUps.push(await untilConverged([a, c], seq, started))
      restartToReady = c.daemon.readyMs
    }
    const catchUp = median(catchUps)

    // steady state: all three restarted with the same log (60k operations), connected, settled
    for (const n of nodes) await n.daemon!.stop()
    for (const n of nodes) n.daemon = await startBenchDaemon(bin, n.dir, n.net)
    await untilConverged(nodes, seq, performance.now())
    await new Promise((r) => setTimeout(r, 3000))
    const settledRss = nodes.map((n) => n.daemon!.rssBytes())
    const settledLog = seq

    // the same with a fourth node, so that each daemon has three peers
    const delta = await benchNode(dir, 'delta')
    nodes.push(delta)
    await pair(bin, a, delta, secret)
    seq += 1 // its mesh.addNode
    await untilConverged(nodes, seq, performance.now())
    for (const n of nodes) await n.daemon!.stop()
    for (const n of nodes) n.daemon = await startBenchDaemon(bin, n.dir, n.net)
    await untilConverged(nodes, seq, performance.now())
    await new Promise((r) => setTimeout(r, 3000))
    const fourRss = nodes.map((n) => n.daemon!.rssBytes())

    // catch-up of a node that stayed up, RUNS times: alpha is cut off (no network) while it
    // writes 10,000, then comes back, and charlie (running all along; bravo and delta stopped,
    // so that one node catches up, as above) catches up. Charlie was just restarted, so the
    // first round is not timed (as PouchDB's warm-up below). Last, so the RSS rows are as before.
    await b.daemon!.stop()
    await delta.daemon!.stop()
    const partitionCatchUps: number[] = []
    for (let run = -1; run < RUNS; run++) {
      await a.daemon!.stop()
      a.daemon = await startBenchDaemon(bin, a.dir, ['--no-network'])
      await write(a, secret, `while alpha was cut off (${run})`)
      seq += OPS
      await untilConverged([a], seq, performance.now())
      await a.daemon.stop()
      a.daemon = await startBenchDaemon(bin, a.dir, a.net)
      const ms = await untilConverged([a, c], seq, performance.now())
      if (run >= 0) partitionCatchUps.push(ms)
    }
    const partitionCatchUp = median(partitionCatchUps)

    const raw = await rawHypercoreReplication(dir)
    // PouchDB cold (a fresh process per run, as a restarted daemon is) and warm (this process,
    // after one replication that is not timed, as a daemon that stayed up is)
    const pouchColdRuns: number[] = []
    for (let run = 0; run < RUNS; run++) pouchColdRuns.push(await pouchReplicationInFreshProcess(dir, `cold-${run}`, OPS, BATCH))
    await pouchReplication('leveldb', dir, 'warm-up', OPS, BATCH)
    await pouchReplication('memory', dir, 'warm-up', OPS, BATCH)
    const pouchRuns: number[] = []
    const pouchMemoryRuns: number[] = []
    for (let run = 0; run < RUNS; run++) {
      pouchRuns.push(await pouchReplication('leveldb', dir, `warm-${run}`, OPS, BATCH))
      pouchMemoryRuns.push(await pouchReplication('memory', dir, `warm-${run}`, OPS, BATCH))
    }
    const pouchCold = median(pouchColdRuns)
    const pouch = median(pouchRuns)
    const pouchMemory = median(pouchMemoryRuns)
    const mb = (x: number) => `${(x / 1024 / 1024).toFixed(0)} MB`
    const rows: Row[] = [
      {
        measure: `3 nodes x ${OPS.toLocaleString('en')} ops each: converge after they connect`,
        value: `${(converge / 1000).toFixed(1)} s`,
        target: '',
        verdict: '',
      },
      {
        measure: `catch-up of ${OPS.toLocaleString('en')} ops after a restart (from ready), median of ${RUNS}`,
        value: seconds(catchUps),
        target: 'under 5 s',
        verdict: verdict(catchUp < 5000),
      },
      { measure: '  restart to ready before that', value: `${restartToReady.toFixed(0)} ms`, target: '', verdict: '' },
      {
        measure: `catch-up of ${OPS.toLocaleString('en')} ops by a node that stayed up, after a partition`,
        value: seconds(partitionCatchUps),
        target: 'under 5 s',
        verdict: verdict(partitionCatchUp < 5000),
      },
      {
        measure: `PouchDB replication of ${OPS.toLocaleString('en')} docs (LevelDB, on disk), fresh process`,
        value: seconds(pouchColdRuns),
        target: '',
        verdict: '',
      },
      {
        measure: `PouchDB replication of ${OPS.toLocaleString('en')} docs (LevelDB, on disk), warmed up`,
        value: seconds(pouchRuns),
        target: '',
        verdict: '',
      },
      {
        measure: `PouchDB replication of ${OPS.toLocaleString('en')} docs (in memory, nothing kept), warmed up`,
        value: seconds(pouchMemoryRuns),
        target: '',
        verdict: '',
      },
      {
        measure: `raw Hypercore replication of ${OPS.toLocaleString('en')} ops in blocks of ${BATCH} (in process)`,
        value: `${(raw / 1000).toFixed(2)} s`,
        target: '',
        verdict: '',
      },
      {
        measure: 'catch-up after a restart / PouchDB in a fresh process',
        value: ratio(catchUp, pouchCold),
        target: 'faster (< 1x)',
        verdict: verdict(catchUp < pouchCold),
      },
      {
        measure: 'catch-up after a partition / PouchDB warmed up',
        value: ratio(partitionCatchUp, pouch),
        target: 'faster (< 1x)',
        verdict: verdict(partitionCatchUp < pouch),
      },
      { measure: 'catch-up after a restart / PouchDB warmed up', value: ratio(catchUp, pouch), target: '', verdict: '' },
      { measure: 'catch-up after a partition / PouchDB in memory', value: ratio(partitionCatchUp, pouchMemory), target: '', verdict: '' },
      { measure: 'catch-up after a partition / raw Hypercore', value: `${(partitionCatchUp / raw).toFixed(1)}x`, target: '', verdict: '' },
      { measure: 'daemon RSS with 2 peers, right after merging 30k ops', value: rss.map(mb).join(' / '), target: '', verdict: '' },
      {
        measure: `daemon RSS with 2 peers, restarted and settled (${(settledLog / 1000).toFixed(0)}k-op log)`,
        value: settledRss.map(mb).join(' / '),
        target: 'under 100 MB',
        verdict: verdict(settledRss.every((x) => x < 100 * 1024 * 1024)),
      },
      {
        measure: `daemon RSS with 3 peers (a fourth node), restarted and settled`,
        value: fourRss.map(mb).join(' / '),
        target: 'under 100 MB',
        verdict: verdict(fourRss.every((x) => x < 100 * 1024 * 1024)),
      },
    ]
    printTable(`Mesh: three daemon processes on loopback (Node ${process.version})`, rows)
  } finally {
    for (const n of nodes) if (n.daemon !== null && n.daemon.proc.exitCode === null) await n.daemon.stop()
    if (process.env.BENCH_DEBUG === undefined) await rm(dir, { recursive: true, force: true })
  }
}
