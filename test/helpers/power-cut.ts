import { stat, truncate } from 'node:fs/promises'
import type { Syscall } from './strace-log.js'

/**
 * A power cut, simulated on a data dir after its daemon was killed: every file keeps only what was
 * on stable storage, that is what had been written to it before its last fsync/fdatasync; a file
 * written but never synced keeps nothing. What the OS's page cache held is what a power cut takes.
 *
 * Read from a syscall trace of the daemon (see strace-log.ts): the layer the test controls is the
 * trace, not a file system (device-mapper's dm-flakey or a FUSE layer would need a kernel module or
 * a tool CI does not have). It fits the files the store writes: RocksDB's
 * write-ahead log, manifest and tables are append-only (each write goes at the end), and files that
 * are replaced whole (CURRENT, site.json) are written under a temporary name, synced, then renamed,
 * so a path that was never written under its own name is left as it is.
 *
 * Returns, per file cut, its length before and after.
 */
export async function cutPower(calls: readonly Syscall[]): Promise<Map<string, { had: number; kept: number }>> {
  const written = new Map<string, number>() // path -> bytes written so far (append-only files)
  const synced = new Map<string, number>() // path -> bytes written before its last sync
  for (const c of calls) {
    if (c.path === null || c.result < 0) continue
    if (/^(write|writev|pwrite64)$/.test(c.name)) {
      if (c.name === 'pwrite64') {
        // pwrite64(fd, buf, count, offset): the file ends at least at offset + bytes written
        const offset = Number(/,\s*(\d+)\s*$/.exec(c.text)?.[1] ?? NaN)
        if (!Number.isFinite(offset)) throw new Error(`power cut: no offset in pwrite64(${c.text.slice(-80)})`)
        written.set(c.path, Math.max(written.get(c.path) ?? 0, offset + c.result))
      } else {
        written.set(c.path, (written.get(c.path) ?? 0) + c.result)
      }
    } else if (c.name === 'fdatasync' || c.name === 'fsync') {
      synced.set(c.path, written.get(c.path) ?? 0)
    }
  }
  const cut = new Map<string, { had: number; kept: number }>()
  for (const path of written.keys()) {
    const size = await stat(path).then(
      (s) => s.size,
      () => null, // renamed away or removed: what is on disk under that name was not written here
    )
    if (size === null) continue
    const kept = Math.min(size, synced.get(path) ?? 0)
    if (kept < size) {
      await truncate(path, kept)
      cut.set(path, { had: size, kept })
    }
  }
  return cut
}
