import Corestore from 'corestore'
import { corestoreOptions, memoryBounds, type MemoryBounds } from './memory.js'
import { newCoreStorage, takePreopened } from './store-preopen.js'

/**
 * The node's Corestore on disk, with its memory bounded (daemon/memory.ts). RocksDB's memtables:
 * hypercore-storage asks for 64 MB, and RocksDB keeps up to two of them: after a merge of tens of
 * thousands of operations (or a restart that replays the write ahead log), that is memory the
 * daemon holds on to. 4 MB memtables flush sooner, in smaller files; the writes they hold are
 * durable in the log either way.
 */
export function openCorestore(dir: string, bounds: MemoryBounds = memoryBounds()): Corestore {
  // the daemon's store may be opening already (daemon/store-preopen.ts)
  return new Corestore(takePreopened(dir, bounds) ?? newCoreStorage(dir, bounds), corestoreOptions(bounds))
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
