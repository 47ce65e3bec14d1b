import { statfs } from 'node:fs/promises'
import { OutpostError } from '../protocol/index.js'

const MB = 1024 * 1024

/**
 * Free space kept on the data dir's file system by default, in MB (config: `storage.reserveMb`).
 * The store is RocksDB (hypercore-storage): besides the log's own bytes it needs room to keep
 * itself going, and a write that meets ENOSPC there is not a clean refusal (see OutpostNode.append).
 * What it needs: a write-ahead log file preallocated at 1.1 × the 4 MB memtable, two memtable
 * flushes (2 × 4 MB), and compactions that write their output before deleting their input: an
 * L0→L1 compaction rewrites four L0 files plus L1 (RocksDB's level base is 256 MB), and blob
 * garbage collection rewrites blob files of up to 256 MB (hypercore-storage's blobFileSize).
 * 256 MB covers those for a store of a few hundred MB, and is under 1% of a 32 GB SD card.
 */
export const DEFAULT_RESERVE_MB = 256

/**
 * The free space a write must leave on the data dir's file system. Checked before every append
 * with statfs (measured: 40 µs a call on a loaded 2-core machine; an append takes milliseconds), so a full disk refuses the write up front with
 * E_STORAGE_FULL and nothing reaches the store; the check reads the disk each time, so a write
 * works again as soon as space is freed, without a restart.
 */
export class DiskSpace {
  constructor(
    private readonly dir: string,
    readonly reserveBytes: number,
  ) {}

  /** Bytes an unprivileged writer may still use (statfs bavail: root's own reserve is not ours). */
  async free(): Promise<number> {
    const fs = await statfs(this.dir)
    return fs.bavail * fs.bsize
  }

  /** Refuse, before anything is written, a write of about `bytes` that would eat into the reserve. */
  async assertRoom(bytes = 0): Promise<void> {
    if (this.reserveBytes === 0) return
    const free = await this.free()
    const need = this.reserveBytes + bytes
    if (free >= need) return
    throw new OutpostError(
      'E_STORAGE_FULL',
      `disk full: ${toMb(free)} MB free on ${this.dir}, need ${toMb(need)} MB (storage.reserveMb ${toMb(this.reserveBytes)}${bytes > 0 ? ' + this write' : ''}): ` +
        'nothing was written; free space and try again',
    )
  }
}

/** MB with one decimal below 10 MB, so "0.4 MB free" does not read as "0 MB free". */
function toMb(bytes: number): string {
  const mb = bytes / MB
  return mb < 10 ? mb.toFixed(1) : String(Math.floor(mb))
}
