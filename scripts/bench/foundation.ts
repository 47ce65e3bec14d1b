import Corestore from 'corestore'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SocketClient } from '../../client/socket-client.js'
import { startBenchDaemon } from './bench-daemon.js'
import { percentile, printTable, verdict, type Row } from './table.js'

const SINGLE_OPS = Number(process.env.BENCH_SINGLE_OPS ?? 2_000)
const BATCH = Number(process.env.BENCH_BATCH ?? 100)
const BATCHED_OPS = Number(process.env.BENCH_BATCHED_OPS ?? 20_000)
const LOG_OPS = Number(process.env.BENCH_LOG_OPS ?? 100_000)
const ROUND_TRIPS = 5_000

/** An envelope of the size the daemon writes for a short note (~230 bytes of JSON). */
function envelope(i: number): object {
  return {
    id: `0mwsheicl${String(i).padStart(4, '0')}-ee624a0e`,
    type: 'notes.post',
    v: 1,
    node: 'ba4d5809579536d8d39e9f11b0ffdd83649a9a9a7cfc93144cf7745422d396df',
    person: 'admin',
    hlc: { t: 1795390928229 + i, c: 0 },
    payload: { text: `bench note ${i}` },
  }
}

/** Raw Hypercore appends of the same envelopes, in this process: the floor we compare with. */
async function rawHypercore(dir: string): Promise<{ single: number; batched: number }> {
  const store = new Corestore(dir)
  const core = store.get({ name: 'raw', valueEncoding: 'json' })
  await core.ready()
  let t = performance.now()
  for (let i = 0; i < SINGLE_OPS; i++) await core.append(envelope(i))
  const single = SINGLE_OPS / ((performance.now() - t) / 1000)
  t = performance.now()
  for (let i = 0; i < BATCHED_OPS; i += BATCH) await core.append(Array.from({ length: BATCH }, (_, j) => envelope(i + j)))
  const batched = BATCHED_OPS / ((performance.now() - t) / 1000)
  await store.close()
  return { single, batched }
}

async function writeBatches(client: SocketClient, total: number, size: number, label: string): Promise<number> {
  const t = performance.now()
  for (let i = 0; i < total; i += size) {
    const ops = Array.from({ length: Math.min(size, total - i) }, (_, j) => ({
      type: 'notes.post',
      payload: { text: `${label} ${i + j}` },
    }))
    await client.call('ops.submit', { ops })
  }
  return total / ((performance.now() - t) / 1000)
}

/** Small reads on a settled node (after the restart, with the whole log in its view). */
async function roundTrips(call: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 500; i++) await call() // warm-up
  const rtts: number[] = []
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const t = performance.now()
    await call()
    rtts.push(performance.now() - t)
  }
  return rtts.sort((a, b) => a - b)
}

export async function benchFoundation(bin: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'op-bench-'))
  try {
    const raw = await rawHypercore(join(dir, 'raw'))
    const dataDir = join(dir, 'node')
    let daemon = await startBenchDaemon(bin, dataDir)
    const firstReadyMs = daemon.readyMs
    await new Promise((r) => setTimeout(r, 1000)) // let start-up garbage settle before reading idle RSS
    const idleRss = daemon.rssBytes()
    const adminSecret = daemon.adminSecret ?? ''
    const client = await daemon.connect()
    await client.call('session.signIn', { person: 'admin', pin: adminSecret })

    const t = performance.now()
    for (let i = 0; i < SINGLE_OPS; i++) await client.call('notes.post', { text: `single ${i}` })
    const single = SINGLE_OPS / ((performance.now() - t) / 1000)
    const batched = await writeBatches(client, BATCHED_OPS, BATCH, 'batched')

    const already = SINGLE_OPS + BATCHED_OPS
    await writeBatches(client, Math.max(0, LOG_OPS - already), BATCH, 'fill')
    const status = await client.call('system.status')
    const loadedRss = daemon.rssBytes()
    client.close()
    await daemon.stop()

    daemon = await startBenchDaemon(bin, dataDir)
    const restartMs = daemon.readyMs
    const after = await daemon.connect()
    const restarted = await after.call('system.status')
    await after.call('session.signIn', { person: 'admin', pin: adminSecret })
    await new Promise((r) => setTimeout(r, 1000)) // let the restarted node settle
    const rtts = await roundTrips(() => after.call('notes.list', { limit: 1 }))
    const socketOnly = await roundTrips(() => after.call('session.whoami'))
    after.close()
    await new Promise((r) => setTimeout(r, 1000))
    const restartedIdleRss = daemon.rssBytes()
    await daemon.stop()
    if (restarted.view.hash !== status.view.hash) throw new Error('view changed across restart')

    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`
    const rate = (n: number) => `${Math.round(n).toLocaleString('en')} ops/s`
    const rows: Row[] = [
      { measure: 'raw Hypercore append, one at a time', value: rate(raw.single), target: '(floor)', verdict: '' },
      { measure: `raw Hypercore append, batches of ${BATCH}`, value: rate(raw.batched), target: '(floor)', verdict: '' },
      { measure: 'acknowledged ops, one at a time (socket)', value: rate(single), target: '', verdict: '' },
      { measure: `acknowledged ops, batches of ${BATCH} (socket)`, value: rate(batched), target: '', verdict: '' },
      { measure: 'ratio raw/ours, one at a time', value: `${(raw.single / single).toFixed(1)}x`, target: '', verdict: '' },
      {
        measure: 'ratio raw/ours, batched',
        value: `${(raw.batched / batched).toFixed(1)}x`,
        target: 'within 3x',
        verdict: verdict(raw.batched / batched <= 3),
      },
      {
        measure: `socket round trip p50 (notes.list 1, ${LOG_OPS / 1000}k-op view)`,
        value: `${percentile(rtts, 50).toFixed(3)} ms`,
        target: '',
        verdict: '',
      },
      {
        measure: `socket round trip p99 (notes.list 1, ${LOG_OPS / 1000}k-op view)`,
        value: `${percentile(rtts, 99).toFixed(3)} ms`,
        target: 'under 1 ms',
        verdict: verdict(percentile(rtts, 99) < 1),
      },
      {
        measure: 'socket round trip p50 (session.whoami, no view read)',
        value: `${percentile(socketOnly, 50).toFixed(3)} ms`,
        target: '',
        verdict: '',
      },
      {
        measure: 'socket round trip p99 (session.whoami, no view read)',
        value: `${percentile(socketOnly, 99).toFixed(3)} ms`,
        target: '',
        verdict: '',
      },
      { measure: 'first start to ready (new site)', value: `${firstReadyMs.toFixed(0)} ms`, target: '', verdict: '' },
      {
        measure: `restart to ready, ${status.view.seq.toLocaleString('en')} ops in log`,
        value: `${restartMs.toFixed(0)} ms`,
        target: 'under 1 s',
        verdict: verdict(restartMs < 1000),
      },
      { measure: 'daemon RSS idle (new site)', value: mb(idleRss), target: 'under 80 MB', verdict: verdict(idleRss < 80 * 1024 * 1024) },
      { measure: `daemon RSS after ${status.view.seq.toLocaleString('en')} ops`, value: mb(loadedRss), target: '', verdict: '' },
      { measure: 'daemon RSS idle after restart (same log)', value: mb(restartedIdleRss), target: '', verdict: '' },
    ]
    printTable(`Foundation: one node, one client, loopback socket (Node ${process.version})`, rows)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
