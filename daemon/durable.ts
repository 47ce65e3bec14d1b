import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type Corestore from 'corestore'
import { syncPath } from './json-file.js'

/** What we use of rocksdb-native's database state: the write-ahead log's current file. */
interface RocksState {
  /** The database's folder. */
  path: string
  /** The log file's path, relative to the database's folder ("/000004.log"). */
  currentWalFile(): Promise<{ path: string }>
}

/**
 * Makes "acknowledged" mean "on stable storage". hypercore-storage writes through RocksDB without
 * syncing (rocksdb-native passes no write options, so a write is in the OS's page cache when it
 * resolves): a scan answered "ok" could be gone after a power cut. After an append, the node calls
 * `sync()`, which fdatasyncs RocksDB's write-ahead log (the file every write goes to first;
 * flushed tables and the manifest RocksDB syncs itself).
 *
 * Group commit: a sync covers every write that resolved before it started. Callers that come while
 * one runs share the next one, so a burst of scans costs about two syncs, not one each.
 */
export class DurableStore {
  private wal: { path: string; file: FileHandle } | null = null
  private running: Promise<void> | null = null
  private queued: Promise<void> | null = null
  private closed = false
  /** Syncs done: the bench and the tests count them. */
  syncs = 0

  constructor(private readonly state: RocksState) {}

  /** The store's RocksDB (hypercore-storage keeps it as `storage.rocks`; its state knows the log file). */
  static of(store: Corestore): DurableStore {
    const { storage } = store as unknown as { storage: { rocks: { _state: RocksState } } }
    return new DurableStore(storage.rocks._state)
  }

  sync(): Promise<void> {
    if (this.queued !== null) return this.queued
    if (this.running !== null) {
      const next = this.running.then(
        () => this.start(),
        () => this.start(),
      )
      this.queued = next
      return next
    }
    return this.start()
  }

  private start(): Promise<void> {
    this.queued = null
    const run = this.syncNow().finally(() => {
      if (this.running === run) this.running = null
    })
    this.running = run
    return run
  }

  private async syncNow(): Promise<void> {
    if (this.closed) throw new Error('the store is closed')
    const path = join(this.state.path, (await this.state.currentWalFile()).path)
    if (this.wal !== null && this.wal.path !== path) {
      // RocksDB moved on to a new log file: what went to the old one is synced before it is let go
      await this.wal.file.datasync()
      await this.wal.file.close()
      this.wal = null
    }
    if (this.wal === null) {
      this.wal = { path, file: await open(path, constants.O_RDONLY) }
      // the new file's entry in its folder must survive the power cut too
      await syncPath(dirname(path), { folder: true })
    }
    await this.wal.file.datasync()
    this.syncs++
  }

  /**
   * Put the store's own files on stable storage once it is open: hypercore-storage writes its device
   * file (store/CORESTORE: the store's id, inode and an extended attribute) without a sync, and
   * refuses to open when the file's text and its attribute disagree. Seen in the power-cut test: a
   * cut in the first seconds of a new node left the file empty with its attribute kept, and the node
   * would not start again ("Invalid device file, was moved unsafely"). Once per open, so cheap.
   */
  async settle(): Promise<void> {
    const storeDir = dirname(this.state.path)
    // no device file: a store hypercore-storage opened without one (a backup's), nothing to sync
    await syncPath(join(storeDir, 'CORESTORE')).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err
    })
    await syncPath(storeDir, { folder: true })
    await syncPath(dirname(storeDir), { folder: true })
  }

  async close(): Promise<void> {
    this.closed = true
    // a sync that fails at close has its own caller, who was told: here only its end matters
    await this.running?.catch(() => undefined)
    await this.wal?.file.close()
    this.wal = null
  }
}
