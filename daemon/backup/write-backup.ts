import type { BackupManifest } from '../../protocol/index.js'
import { BackupWriter, packEntries } from './backup-file.js'

/** Clear bytes per frame of the backup file: pages of the snapshot are gathered up to this. */
const FRAME_BYTES = 1024 * 1024

/** The daemon's `backup.*` socket methods, as the caller reaches them (bin/commands/backup.ts). */
export interface BackupCalls {
  begin(): Promise<{ id: string; manifest: BackupManifest }>
  read(id: string, after: string | null): Promise<{ entries: Array<[string, string]>; done: boolean }>
  end(id: string): Promise<void>
}

/**
 * Take a backup through the daemon's backup methods (a connection signed in as an admin) into `file`:
 * the manifest first, then the snapshot's pages gathered into frames. On any failure the
 * partial file goes and the daemon's snapshot is released.
 */
export async function writeBackup(
  calls: BackupCalls,
  file: string,
  pass: string,
  limits?: { opslimit: number; memlimit: number },
): Promise<{ manifest: BackupManifest; entries: number; bytes: number }> {
  const { id, manifest } = await calls.begin()
  let writer: BackupWriter | null = null
  try {
    writer = await BackupWriter.create(file, pass, limits)
    await writer.frame(Buffer.from(JSON.stringify(manifest)))
    let after: string | null = null
    let gathered: Array<[Buffer, Buffer]> = []
    let size = 0
    let entries = 0
    for (;;) {
      const page = await calls.read(id, after)
      for (const [k, v] of page.entries) {
        const pair: [Buffer, Buffer] = [Buffer.from(k, 'base64'), Buffer.from(v, 'base64')]
        gathered.push(pair)
        size += 8 + pair[0].length + pair[1].length
        if (size >= FRAME_BYTES) {
          await writer.frame(packEntries(gathered))
          gathered = []
          size = 0
        }
      }
      entries += page.entries.length
      after = page.entries.at(-1)?.[0] ?? after
      if (page.done) break
    }
    if (gathered.length > 0) await writer.frame(packEntries(gathered))
    await writer.finish()
    return { manifest, entries, bytes: writer.bytes }
  } catch (err) {
    await writer?.abort()
    throw err
  } finally {
    await calls.end(id).catch(() => undefined)
  }
}
