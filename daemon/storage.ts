import Corestore from 'corestore'
import CoreStorage from 'hypercore-storage'
import { corestoreOptions, memoryBounds, storageOptions, type MemoryBounds } from './memory.js'

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

/**
 * The node's Corestore on disk, with its memory bounded (daemon/memory.ts). RocksDB's memtables:
 * hypercore-storage asks for 64 MB, and RocksDB keeps up to two of them: after a merge of tens of
 * thousands of operations (or a restart that replays the write ahead log), that is memory the
 * daemon holds on to. 4 MB memtables flush sooner, in smaller files; the writes they hold are
 * durable in the log either way.
 */
export function openCorestore(dir: string, bounds: MemoryBounds = memoryBounds()): Corestore {
  return new Corestore(new CoreStorage(dir, { ...storageOptions(bounds), maxOpenFiles: MAX_OPEN_FILES }), corestoreOptions(bounds))
}

/**
 * Write out RocksDB's memtables and rewrite every level, so that values deleted from the store
 * leave its files: a delete only adds a tombstone, and the old value stays in the write-ahead
 * log and in older table files until a compaction drops it (seen: the site key Autobase had
 * stored was still in store/db/*.log after it was deleted, until this ran).
 */
export async function compactStore(store: Corestore): Promise<void> {
  await store.storage.db.flush()
  await store.storage.rocks.flush()
  await store.storage.db.compactRange({ bottommostLevelCompaction: 2 })
  await store.storage.rocks.compactRange({ bottommostLevelCompaction: 2 })
}
