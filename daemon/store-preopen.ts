import { existsSync } from 'node:fs'
import { join } from 'node:path'
import CoreStorage from 'hypercore-storage'
import { storageOptions, type MemoryBounds } from './memory.js'

/**
 * How many table files RocksDB keeps open. rocksdb-native's default (-1: all of them) opens
 * every table file of the store when it opens, reading each one's footer, index and filter, so
 * a restart grew with the site (seen: 43 files at 210,000 rolls, the manifest's recovery took
 * 120-550 ms of a 630-1050 ms store open on a loaded 2-core machine; the same store opened
 * with a bound in 14-47 ms). With a bound, RocksDB opens at most 16 of them at start and the
 * rest when first read, and keeps up to this many open: more than the ~50 table files of a
 * site of a million rolls, so scans do not reopen files once the daemon has warmed up.
 */
export const MAX_OPEN_FILES = 256

/** The node's store on disk (RocksDB under hypercore-storage), with its memory bounds. */
export function newCoreStorage(dir: string, bounds: MemoryBounds): CoreStorage {
  return new CoreStorage(dir, { ...storageOptions(bounds), maxOpenFiles: MAX_OPEN_FILES })
}

interface Early {
  dir: string
  options: string
  storage: CoreStorage
}

let early: Early | null = null
/** The close of one preopened for something else, which discardPreopened waits for too. */
let closing: Promise<void> = Promise.resolve()

/**
 * Start opening an existing node's store while the daemon still loads its modules. RocksDB opens
 * on its own threads, mostly reading the disk (its manifest, and the index and filter of up to
 * 16 table files: 140-190 ms at 1,000,000 rolls on the 2-core machine), and the daemon's modules
 * load on the main thread (~0.4 s from `daemon/run.js` on): side by side, the open costs the
 * restart nothing. Seen before: the open waited for the last module, then the main thread idled
 * through it.
 *
 * Only for a store the daemon is sure to open as it is: a founded site (site.json), not being
 * reclaimed from its peers (reclaim.json, whose process opens the store itself) and with a store
 * already there. Nothing here reports: a store whose open fails is handed out all the same (the
 * node's first read meets the error and the daemon says so, as it would have opening it itself).
 */
export function preopenStore(config: { dataDir: string; storageDir: string; siteFile: string }, bounds: MemoryBounds): void {
  if (early !== null) return
  if (!existsSync(config.siteFile) || existsSync(join(config.dataDir, 'reclaim.json'))) return
  if (!existsSync(join(config.storageDir, 'CORESTORE'))) return
  const storage = newCoreStorage(config.storageDir, bounds)
  const entry: Early = { dir: config.storageDir, options: JSON.stringify(storageOptions(bounds)), storage }
  // a failed open is met again by the node's first read (the same promise), which reports it
  storage.ready().catch(() => undefined)
  early = entry
}

/**
 * The store preopened for `dir` with these bounds, opened or still opening (its reads wait for
 * the open); null when none was. A store is handed out once; one preopened for another dir or
 * other bounds is closed.
 */
export function takePreopened(dir: string, bounds: MemoryBounds): CoreStorage | null {
  const entry = early
  if (entry === null) return null
  early = null
  if (entry.dir === dir && entry.options === JSON.stringify(storageOptions(bounds))) return entry.storage
  closing = entry.storage.close().catch(() => undefined)
  return null
}

/** Close a preopened store nobody took (the daemon failed before its node opened). */
export async function discardPreopened(): Promise<void> {
  const entry = early
  early = null
  await entry?.storage.close().catch(() => undefined)
  await closing
}
