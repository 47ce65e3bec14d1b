import { chmodSync, lstatSync, readdirSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from './logger.js'

/**
 * The umask of every Outpost process that writes a data dir (daemon, pair join, the TUI that
 * founds a site): RocksDB creates its own files and folders with 0644 and 0755 less the umask
 * (seen: store/ 0755 and store/db/* 0644 under the usual umask 022), so the umask is the one
 * place that makes them owner-only. Set by bin/, which owns the process.
 */
export const DATA_UMASK = 0o077

/** What `call` returns, or null for a path removed under the walk; any other error is thrown. */
function unlessGone<T>(call: () => T): T | null {
  try {
    return call()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

/** The calls the walk makes: the tests give ones that fail. */
export interface WalkCalls {
  lstatSync: typeof lstatSync
  readdirSync: (path: string) => string[]
  chmodSync: typeof chmodSync
}

const FS_CALLS: WalkCalls = { lstatSync, readdirSync: (path) => readdirSync(path), chmodSync }

/** How many entries the tightening may walk: a 1,000,000-roll site's data dir holds ~1,650. */
const MAX_ENTRIES = 100_000

/**
 * Create the data dir owner-only, or make an existing one owner-only: a dir written by an
 * earlier Outpost (or copied with its modes) can be 0755 with 0644 files, readable by every
 * account on the machine. Tightened rather than refused: those modes are Outpost's own doing on
 * an upgraded node, and refusing would stop every such node at its first start for something
 * that is safe to fix. Entries of other owners are left as they are (chmod is refused anyway).
 * Returns how many entries were tightened; logs one line when any were.
 */
export async function prepareDataDir(dir: string, logger: Logger, fs: WalkCalls = FS_CALLS): Promise<number> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const uid = process.getuid?.() ?? -1
  const loose: string[] = []
  let visited = 0
  // Synchronous calls on purpose: the walk runs at every start, and a 1,000,000-roll store holds
  // ~1,650 entries (RocksDB's blob files and old logs). One await per entry cost 70-130 ms of the
  // main thread's CPU, and ~200 ms of a restart (it interleaved with the store's open); the same
  // walk with the sync calls takes 15-18 ms (docs/benchmarks.md, Restart).
  const walk = (path: string): void => {
    if (++visited > MAX_ENTRIES) return
    // gone since its folder was read (a stale socket): nothing to tighten
    const stat = unlessGone(() => fs.lstatSync(path))
    if (stat === null) return
    if (stat.isSymbolicLink() || (uid !== -1 && stat.uid !== uid)) return
    if ((stat.mode & 0o077) !== 0 && (stat.isFile() || stat.isDirectory())) {
      // gone since: RocksDB, opening in its threads beside this walk (the daemon's pre-open,
      // daemon/store-preopen.ts), removes old logs
      if (unlessGone(() => fs.chmodSync(path, stat.mode & 0o700)) === null) return
      loose.push(path)
    }
    if (!stat.isDirectory()) return
    const names = unlessGone(() => fs.readdirSync(path)) ?? []
    for (const name of names) walk(join(path, name))
  }
  walk(dir)
  if (loose.length > 0)
    logger.warn(
      { dir, tightened: loose.length, first: loose.slice(0, 5) },
      'the data dir was readable by other accounts: its files and folders are now owner-only',
    )
  return loose.length
}
