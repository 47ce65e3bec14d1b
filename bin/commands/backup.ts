import { BackupWriter, checkPassphrase, packEntries } from '../../daemon/backup/backup-file.js'
import { restoreBackup } from '../../daemon/backup/restore.js'
import { DATA_UMASK } from '../../daemon/data-dir.js'
import { OutpostError, type BackupManifest } from '../../protocol/index.js'
import type { SocketClient } from '../../client/socket-client.js'
import type { GlobalOptions } from '../outpost.js'
import { withDaemon } from './connect.js'
import { readSecret } from './secret-prompt.js'

/** Clear bytes per frame of the backup file: pages of the snapshot are gathered up to this. */
const FRAME_BYTES = 1024 * 1024

/** The passphrase: OUTPOST_BACKUP_PASSPHRASE (scripts, cron), or asked on the terminal without echo. */
async function passphrase(confirm: boolean): Promise<string> {
  const env = process.env.OUTPOST_BACKUP_PASSPHRASE
  if (env !== undefined && env !== '') return env
  if (process.stdin.isTTY !== true)
    throw new OutpostError('E_USAGE', 'no terminal to ask the backup passphrase on: set OUTPOST_BACKUP_PASSPHRASE')
  const first = await readSecret('backup passphrase: ')
  checkPassphrase(first)
  if (confirm && (await readSecret('again: ')) !== first) throw new OutpostError('E_USAGE', 'the two passphrases differ')
  return first
}

export async function backupCommand(globals: GlobalOptions, file: string, opts: { as?: string }): Promise<number> {
  const pass = await passphrase(true)
  const started = performance.now()
  return withDaemon(globals, opts.as, async (client) => {
    const { manifest, entries, bytes } = await writeBackup(client, file, pass)
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    process.stdout.write(
      `backed up node ${manifest.node.slice(0, 12)} to ${file}: ${entries} store entries, ${(bytes / 1e6).toFixed(1)} MB, ` +
        `view ${manifest.view.hash.slice(0, 16)} (seq ${manifest.view.seq}), own log ${manifest.localLength} blocks, ${seconds} s\n`,
    )
    return 0
  })
}

/**
 * Take a backup of the daemon `client` is connected to (signed in as an admin) into `file`:
 * the manifest first, then the snapshot's pages gathered into frames. On any failure the
 * partial file goes and the daemon's snapshot is released.
 */
export async function writeBackup(
  client: SocketClient,
  file: string,
  pass: string,
  limits?: { opslimit: number; memlimit: number },
): Promise<{ manifest: BackupManifest; entries: number; bytes: number }> {
  const { id, manifest } = await client.call('backup.begin', {})
  let writer: BackupWriter | null = null
  try {
    writer = await BackupWriter.create(file, pass, limits)
    await writer.frame(Buffer.from(JSON.stringify(manifest)))
    let after: string | null = null
    let gathered: Array<[Buffer, Buffer]> = []
    let size = 0
    let entries = 0
    for (;;) {
      const page: { entries: Array<[string, string]>; done: boolean } = await client.call('backup.read', { id, after })
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
    await client.call('backup.end', { id }).catch(() => undefined)
  }
}

export async function restoreCommand(file: string, dir: string, opts: { noPeerHoldsMore: boolean }): Promise<number> {
  process.umask(DATA_UMASK) // owner-only, RocksDB's files included (daemon/data-dir.ts)
  const pass = await passphrase(false)
  const started = performance.now()
  const { manifest, entries } = await restoreBackup({ file, dataDir: dir, passphrase: pass, noPeerHoldsMore: opts.noPeerHoldsMore })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  process.stdout.write(
    `restored node ${manifest.node.slice(0, 12)} of site ${manifest.site.slice(0, 12)} into ${dir}: ${entries} store entries, ` +
      `view ${manifest.view.hash.slice(0, 16)} (seq ${manifest.view.seq}), ${seconds} s\n` +
      (opts.noPeerHoldsMore
        ? 'it opens as it was at the backup (--no-peer-holds-more)\n'
        : `on its first start it takes back from its peers what of its own log they hold beyond the backup (${manifest.localLength} blocks), and only then writes\n`),
  )
  return 0
}
