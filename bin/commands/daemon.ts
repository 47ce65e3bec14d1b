import { setTimeout as sleep } from 'node:timers/promises'
import { resolveConfig, type ResolvedConfig } from '../../daemon/config.js'
import { DATA_UMASK } from '../../daemon/data-dir.js'
import { createLogger, type Logger } from '../../daemon/logger.js'
import { memoryBounds } from '../../daemon/memory.js'
import type { RunningDaemon } from '../../daemon/run.js'
import { discardPreopened, preopenStore } from '../../daemon/store-preopen.js'
import { OutpostError } from '../../protocol/index.js'
import type { VirtualPrinter } from '../../printers/sim/virtual-printer.js'
import type { DaemonFlags, GlobalOptions } from '../options.js'
import { DEMO_NETWORK, networkFlags } from './network-flags.js'
import { terminalHungUp } from '../terminal.js'

/** How long a daemon whose store failed waits for its parts to close before it exits anyway. */
const FAILED_STOP_MS = 10_000

/**
 * Run the node in the foreground until SIGTERM or SIGINT. A store that fails under the node
 * (see OutpostNode.failed) ends the command with E_STORAGE_FAILED: bin/cli.ts prints one
 * line and exits 1, so systemd (Restart=on-failure) starts the daemon again, never a process
 * that is up but answers every call with an error.
 */
export async function daemonCommand(globals: GlobalOptions, opts: DaemonFlags): Promise<number> {
  process.umask(DATA_UMASK) // owner-only files, RocksDB's included (daemon/data-dir.ts)
  const demo = globals.demo === true
  const resolve = () =>
    resolveConfig({
      dataDir: globals.dataDir,
      logLevel: opts.logLevel,
      numberStyle: globals.numberStyle,
      network: networkFlags(demo ? { ...opts, host: opts.host ?? DEMO_NETWORK.host, port: opts.port ?? DEMO_NETWORK.port } : opts),
      env: process.env,
    })
  let config = resolve()
  const logger = createLogger(config.logLevel)
  let demoPrinter: VirtualPrinter | null = null
  if (demo) {
    // imported here: what it loads (the store, the demo) would hold up preopenStore below for every daemon
    const { openDemo } = await import('./prepare-site.js')
    demoPrinter = await openDemo(config, logger)
    config = resolve() // config.json names the demo printer's port now
  }
  try {
    return await run(config, logger)
  } finally {
    await demoPrinter?.close()
  }
}

async function run(config: ResolvedConfig, logger: Logger): Promise<number> {
  // The store starts opening (on RocksDB's threads) while the rest of the daemon loads: run.js
  // and what it imports are ~0.4 s of a restart (daemon/store-preopen.ts).
  preopenStore(config, memoryBounds())
  // A terminal that goes away (an SSH link dropped under a foreground `outpost daemon`) sends
  // SIGHUP, whose default is to die without the graceful stop, leaving the socket behind. Set
  // before the start: a hangup can come while the node opens.
  process.on('SIGHUP', () => {
    terminalHungUp()
    logger.warn('SIGHUP: the terminal went away; the node keeps running (SIGTERM stops it)')
  })
  let daemon: RunningDaemon
  try {
    const { startDaemon } = await import('../../daemon/run.js')
    daemon = await startDaemon(config, logger, (line) => process.stdout.write(line + '\n'))
  } catch (err) {
    await discardPreopened() // failed before its node took the store (a second daemon, a bad site.json)
    throw err
  }
  const failed = await new Promise<string | null>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping')
      resolve(null)
    }
    void daemon.stopSignal.then(stop)
    daemon.node.once('halted', (reason: string) => logger.error({ reason }, 'fold halted: serving status only'))
    daemon.node.once('failed', (reason: string) => resolve(reason))
    if (daemon.node.failed !== null) resolve(daemon.node.failed)
  })
  if (failed === null) {
    const from = performance.now()
    // how long each part took to close: a slow stop (systemd's or a TUI's kill waits for it) names its part
    const parts = await daemon.stop()
    logger.info({ ms: Math.round(performance.now() - from), parts }, 'stopped')
    logger.flush()
    return 0
  }
  // the store already failed: close what closes, but never hang on it
  await Promise.race([
    daemon.stop().catch((err: unknown) => logger.error({ err }, 'closing after the store failed')),
    sleep(FAILED_STOP_MS),
  ])
  logger.flush()
  throw new OutpostError('E_STORAGE_FAILED', failed)
}
