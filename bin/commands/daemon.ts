import { resolveConfig } from '../../daemon/config.js'
import { DATA_UMASK } from '../../daemon/data-dir.js'
import { createLogger } from '../../daemon/logger.js'
import { startDaemon } from '../../daemon/run.js'
import type { DaemonFlags, GlobalOptions } from '../outpost.js'
import { networkFlags } from './network-flags.js'
import { terminalHungUp } from '../terminal.js'

/** Run the node in the foreground until SIGTERM or SIGINT. */
export async function daemonCommand(globals: GlobalOptions, opts: DaemonFlags): Promise<number> {
  process.umask(DATA_UMASK) // owner-only files, RocksDB's included (daemon/data-dir.ts)
  const config = resolveConfig({
    dataDir: globals.dataDir,
    logLevel: opts.logLevel,
    numberStyle: globals.numberStyle,
    network: networkFlags(opts),
    env: process.env,
  })
  const logger = createLogger(config.logLevel)
  // A terminal that goes away (an SSH link dropped under a foreground `outpost daemon`) sends
  // SIGHUP, whose default is to die without the graceful stop, leaving the socket behind. Set
  // before the start: a hangup can come while the node opens.
  process.on('SIGHUP', () => {
    terminalHungUp()
    logger.warn('SIGHUP: the terminal went away; the node keeps running (SIGTERM stops it)')
  })
  const daemon = await startDaemon(config, logger, (line) => process.stdout.write(line + '\n'))
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping')
      resolve()
    }
    process.once('SIGTERM', () => stop('SIGTERM'))
    process.once('SIGINT', () => stop('SIGINT'))
    daemon.node.once('halted', (reason: string) => logger.error({ reason }, 'fold halted: serving status only'))
  })
  await daemon.stop()
  logger.flush()
  return 0
}
