import { realpathSync } from 'node:fs'
import { isSea } from 'node:sea'
import { DAEMON_NODE_FLAGS } from './config.js'
import { daemonEnv } from './memory.js'

/**
 * How this program starts itself again as a daemon (the TUI starting its node, the systemd unit):
 * from a checkout, node with the daemon's flags and the script; as the single executable
 * (docs/packaging.md), the executable alone: anything after it is its own arguments, so the Node
 * flags travel in NODE_OPTIONS instead (selfEnv), which a single executable still reads.
 * The script is the one this process runs (process.argv[1]): dist/app/outpost.js, the bundle
 * `npm run build` makes, or dist/bin/outpost.js, tsc's output, when a developer runs that; by its
 * real path, not through node_modules/.bin's link that `npx outpost` starts it by.
 */
export function selfCommand(): string[] {
  return isSea() ? [process.execPath] : [process.execPath, ...DAEMON_NODE_FLAGS, realpathSync(process.argv[1]!)]
}

/** The environment a daemon started by selfCommand needs on top of its parent's. */
export function selfEnv(): Record<string, string> {
  return isSea() ? { ...daemonEnv(), NODE_OPTIONS: DAEMON_NODE_FLAGS.join(' ') } : daemonEnv()
}
