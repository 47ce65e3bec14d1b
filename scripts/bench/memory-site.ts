import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startBenchDaemon, type BenchDaemon } from './bench-daemon.js'
import { lastProbe, PEAK_BOUND, SETTLED_BOUND, probePath } from './soak.js'
import { PER_RECEIVE, mb, peakWhile, settled, settledText, splitOf } from './memory-measure.js'
import { rollCode, type BuiltSite } from './restart-site.js'
import { printTable, verdict, type Row } from './table.js'

const MORE_ROLLS = 10_000

/**
 * A copy of a built site at `to`. hypercore-storage's device file names the inode it was made on
 * and refuses a copy ("was moved unsafely"); without one it makes a new one, as for a restored backup.
 */
export async function copyBuiltSite(siteDir: string, to: string): Promise<void> {
  await cp(resolve(siteDir), to, { recursive: true })
  await rm(join(to, 'store', 'CORESTORE'))
}

/**
 * `npm run bench memory -- --site DIR`: the memory curve's top, on a site too large to build
 * through the socket here (1,000,000 rolls took ~1.8 h that way; `npm run bench restart -- --rolls
 * 1000000 --keep DIR` builds it in process in ~17 min). A copy of DIR is started (RSS at the
 * restart and settled), takes 10,000 more rolls through the socket as a receiving shift would
 * (peak, settled), and is restarted again (settled).
 */
export async function memoryOfBuiltSite(bin: string, siteDir: string): Promise<void> {
  const built = JSON.parse(await readFile(join(resolve(siteDir), 'restart-bench.json'), 'utf8')) as BuiltSite
  const dir = await mkdtemp(join(tmpdir(), 'op-memory-site-'))
  const copy = join(dir, 'site')
  const flags = process.env.BENCH_DAEMON_FLAGS ?? ''
  process.env.BENCH_DAEMON_FLAGS = `--import=${probePath} ${flags}`
  const env = { OUTPOST_MEMORY_PROBE: join(dir, 'site.probe'), OUTPOST_MEMORY_PROBE_MS: '1000' }
  const args = ['--no-network']
  let daemon: BenchDaemon | null = null
  const start = async () => {
    let started: BenchDaemon | null = null
    const peak = await peakWhile(
      () => (started === null ? [] : [started]),
      async () => {
        started = await startBenchDaemon(bin, copy, args, env)
      },
    )
    daemon = started!
    const client = await daemon.connect()
    await client.call('session.signIn', { person: 'admin', pin: built.adminSecret })
    return { daemon: started!, client, peak }
  }
  try {
    // a copy: the restart bench checks the kept site's view hash, which more rolls would change
    await copyBuiltSite(siteDir, copy)
    const first = await start()
    const restartSettled = await settled(first.daemon, first.client)
    const load = loadavg()[0]!
    let received = 0
    const t0 = performance.now()
    const receivePeak = await peakWhile(
      () => [first.daemon],
      async () => {
        for (; received < MORE_ROLLS; received += PER_RECEIVE)
          await first.client.call('stock.receive', {
            product: 'P1',
            lot: `LM${received}`,
            location: 'A-01-1',
            quantity: '50',
            rolls: PER_RECEIVE,
            printer: null,
          })
      },
    )
    const receiveS = (performance.now() - t0) / 1000
    const afterReceive = await settled(first.daemon, first.client)
    const receivedSplit = splitOf(await lastProbe(env.OUTPOST_MEMORY_PROBE))
    const scan = await first.client.call('scan.resolve', { code: rollCode(built.rolls - 1) })
    if (scan.kind !== 'roll') throw new Error(`${rollCode(built.rolls - 1)} resolved as ${scan.kind}`)
    first.client.close()
    await first.daemon.stop()
    daemon = null
    const second = await start()
    const again = await settled(second.daemon, second.client)
    second.client.close()
    const split = splitOf(await lastProbe(env.OUTPOST_MEMORY_PROBE))
    await second.daemon.stop()
    daemon = null
    const at = `${built.rolls.toLocaleString('en')} rolls (${built.seq.toLocaleString('en')} ops)`
    const peak = Math.max(first.peak, receivePeak, second.peak, restartSettled.peak, afterReceive.peak, again.peak)
    const rows: Row[] = [
      {
        measure: `${at}: RSS peak (restart, receiving ${MORE_ROLLS.toLocaleString('en')} more, restart)`,
        value: `${mb(first.peak)}, ${mb(receivePeak)}, ${mb(second.peak)}`,
        target: '< 250 MB',
        verdict: verdict(peak < PEAK_BOUND),
      },
      {
        measure: `${at}: RSS settled (restarted, after receiving, restarted)`,
        value: `${settledText(restartSettled)}, ${settledText(afterReceive)}, ${settledText(again)}`,
        target: '< 150 MB',
        verdict: verdict(Math.max(restartSettled.rss, afterReceive.rss, again.rss) < SETTLED_BOUND),
      },
      { measure: `${at}: receiving ${MORE_ROLLS.toLocaleString('en')} more`, value: `${receiveS.toFixed(0)} s`, target: '', verdict: '' },
      { measure: `${at}: split after receiving`, value: receivedSplit, target: '', verdict: '' },
      { measure: `${at}: split after the last restart`, value: split, target: '', verdict: '' },
      { measure: 'load average (1 min) before receiving', value: load.toFixed(1), target: '', verdict: '' },
    ]
    printTable(`Memory: the daemon's RSS on a built site (Node ${process.version})`, rows)
  } finally {
    process.env.BENCH_DAEMON_FLAGS = flags
    const running = daemon as BenchDaemon | null
    if (running !== null && running.proc.exitCode === null) await running.stop()
    await rm(dir, { recursive: true, force: true })
  }
}
