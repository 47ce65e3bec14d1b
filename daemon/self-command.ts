import { isSea } from 'node:sea'
import { DAEMON_NODE_FLAGS, DAEMON_NODE_OPTIONS } from './config.js'
import { daemonEnv } from './memory.js'

/**
 * How this program starts itself again as a daemon (the TUI starting its node, the systemd unit):
 * from a checkout, node with the daemon's flags and the script; as the single executable
 * (docs/packaging.md), the executable alone: anything after it is its own arguments, so the Node
 * flags travel in NODE_OPTIONS instead (selfEnv), which a single executable still reads.
 * The script is the program's entry, as bin/outpost.ts names it at start (setSelfScript):
 * dist/app/outpost.js, the bundle `npm run build` makes, or dist/bin/outpost.js, tsc's output,
 * when a developer runs that; Node resolves links in it (npx starts it through node_modules/.bin).
 */
export function selfCommand(): string[] {
  if (isSea()) return [process.execPath]
  if (selfScript === null) throw new Error('selfCommand: the entry script was not named (setSelfScript)')
  return [process.execPath, ...DAEMON_NODE_FLAGS, selfScript]
}

let selfScript: string | null = null

/** The entry names itself (its own import.meta.url), whatever process.argv holds. */
export function setSelfScript(path: string): void {
  selfScript = path
}

/** The environment a daemon started by selfCommand needs on top of its parent's. */
export function selfEnv(): Record<string, string> {
  return isSea() ? { ...daemonEnv(), NODE_OPTIONS: DAEMON_NODE_OPTIONS } : daemonEnv()
}
