import { mkdtemp, rm } from 'node:fs/promises'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBenchDaemon } from './bench-daemon.js'
import { percentile, printTable, verdict, type Row } from './table.js'

const FLOOD_BYTES = Number(process.env.BENCH_FLOOD_BYTES ?? 20 * 1024 * 1024)
/** How long the daemon is watched after the flood was sent (or refused). */
const WATCH_MS = Number(process.env.BENCH_FLOOD_WATCH_MS ?? 10_000)

/**
 * `npm run bench flood`: a signed-out client pipelines 20 MB of system.status and never reads a
 * reply (issue #14, seen: RSS 195 → 907 MB, never returned). Prints the daemon's RSS before,
 * at its peak while watched, and after the client is gone, and how fast another client is answered.
 */
export async function benchFlood(bin: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'op-flood-'))
  const daemon = await startBenchDaemon(bin, join(dir, 'node'))
  try {
    const before = daemon.rssBytes()
    const flood = await openSocket(join(dir, 'node', 'outpost.sock'))
    const frame = (id: number) => `{"jsonrpc":"2.0","id":${id},"method":"system.status"}\n`
    let id = 0
    let sent = 0
    // written all at once, as the finding did: this process buffers what the daemon does not read
    while (sent < FLOOD_BYTES) {
      let chunk = ''
      while (chunk.length < 1024 * 1024) chunk += frame(++id)
      sent += chunk.length
      flood.write(chunk)
    }
    let peak = daemon.rssBytes()
    const watchUntil = performance.now() + WATCH_MS
    const latencies: number[] = []
    while (performance.now() < watchUntil) {
      const t = performance.now()
      const other = await daemon.connect()
      await other.call('system.status')
      other.close()
      latencies.push(performance.now() - t)
      peak = Math.max(peak, daemon.rssBytes())
      await new Promise((r) => setTimeout(r, 200))
    }
    flood.destroy()
    await new Promise((r) => setTimeout(r, 2000))
    const after = daemon.rssBytes()
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`
    const sorted = [...latencies].sort((a, b) => a - b)
    const worst = sorted.at(-1) ?? NaN
    const rows: Row[] = [
      { measure: 'daemon RSS before', value: mb(before), target: '', verdict: '' },
      {
        measure: `daemon RSS peak (${WATCH_MS / 1000} s watched)`,
        value: mb(peak),
        target: '< +100 MB',
        verdict: verdict(peak - before < 100 * 1024 * 1024),
      },
      { measure: 'daemon RSS after the client left', value: mb(after), target: '', verdict: '' },
      { measure: 'another client: system.status p50', value: `${percentile(sorted, 50).toFixed(0)} ms`, target: '', verdict: '' },
      {
        measure: 'another client: worst system.status',
        value: `${worst.toFixed(0)} ms`,
        target: '< 1000 ms',
        verdict: verdict(worst < 1000),
      },
    ]
    printTable(`Flood: one client pipelines ${mb(FLOOD_BYTES)} of system.status and never reads (Node ${process.version})`, rows)
  } finally {
    await daemon.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

function openSocket(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path, () => resolve(socket))
    socket.once('error', reject)
    // the daemon may refuse or close us: that is what is measured, not a failure of the bench
    socket.on('error', () => undefined)
  })
}
