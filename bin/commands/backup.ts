import { join } from 'node:path'
import { NO_PEER_KNOWN } from '../../daemon/backup/reclaim.js'
import { KnownPeersFile, otherWriters } from '../../daemon/net/known-peers.js'
import { checkPassphrase } from '../../daemon/backup/backup-file.js'
import { writeBackup, type BackupCalls } from '../../daemon/backup/write-backup.js'
import { restoreBackup } from '../../daemon/backup/restore.js'
import { DATA_UMASK } from '../../daemon/data-dir.js'
import { createLogger } from '../../daemon/logger.js'
import { OutpostError } from '../../protocol/index.js'
import type { SocketClient } from '../../client/socket-client.js'
import type { GlobalOptions } from '../options.js'
import { withDaemon } from './connect.js'
import { readSecret } from './secret-prompt.js'

/** The passphrase: OUTPOST_BACKUP_PASSPHRASE (scripts, cron), or asked on the terminal without echo. */
async function passphrase(confirm: boolean): Promise<string> {
  const env = process.env.OUTPOST_BACKUP_PASSPHRASE
  if (env !== undefined && env !== '') {
    if (confirm) checkPassphrase(env) // a new backup: a short passphrase is refused; a restore takes what the file was made with
    return env
  }
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
    const { manifest, entries, bytes } = await writeBackup(backupCalls(client), file, pass)
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    process.stdout.write(
      `backed up node ${manifest.node.slice(0, 12)} to ${file}: ${entries} store entries, ${(bytes / 1e6).toFixed(1)} MB, ` +
        `view ${manifest.view.hash.slice(0, 16)} (seq ${manifest.view.seq}), own log ${manifest.localLength} blocks, ${seconds} s\n`,
    )
    return 0
  })
}

export async function restoreCommand(file: string, dir: string, opts: { noPeerHoldsMore: boolean; asNewWriter: boolean }): Promise<number> {
  if (opts.noPeerHoldsMore && opts.asNewWriter)
    throw new OutpostError('E_USAGE', '--as-new-writer and --no-peer-holds-more: one or the other (a new writer takes back nothing)')
  process.umask(DATA_UMASK) // owner-only, RocksDB's files included (daemon/data-dir.ts)
  const pass = await passphrase(false)
  const started = performance.now()
  const { manifest, entries, newWriter, replacedName } = await restoreBackup({
    file,
    dataDir: dir,
    passphrase: pass,
    noPeerHoldsMore: opts.noPeerHoldsMore,
    ...(opts.asNewWriter ? { asNewWriter: { logger: createLogger('warn') } } : {}),
  })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  process.stdout.write(
    `restored node ${manifest.node.slice(0, 12)} of site ${manifest.site.slice(0, 12)} into ${dir}: ${entries} store entries, ` +
      `view ${manifest.view.hash.slice(0, 16)} (seq ${manifest.view.seq}), ${seconds} s\n` +
      (newWriter !== null
        ? `it is a new node now (writer ${newWriter.writerKey.slice(0, 12)}), which replaces ${replacedName === null ? '' : `${replacedName} `}(${manifest.node.slice(0, 12)}): ` +
          `pair it with \`outpost --data-dir ${dir} pair join CODE\` (a code from \`outpost pair code\` on a node of the site); ` +
          `accepting it there also removes the old node\n`
        : opts.noPeerHoldsMore
          ? 'it opens as it was at the backup (--no-peer-holds-more)\n'
          : `on its first start it takes back from its peers what of its own log they hold beyond the backup (${manifest.localLength} blocks), and only then writes\n` +
            (peersIn(manifest.peers, manifest.node) === 0
              ? `${NO_PEER_KNOWN}: then delete ${join(dir, 'reclaim.json')} before its first start (what --no-peer-holds-more does)\n`
              : '')),
  )
  return 0
}

/** How many other writers the backup's peers.json names (it waits for each of them). */
function peersIn(peers: unknown, node: string): number {
  const known = KnownPeersFile.safeParse(peers)
  return known.success ? otherWriters(Object.entries(known.data), node).size : 0
}

/** The daemon's backup methods, through a signed-in connection. */
export function backupCalls(client: SocketClient): BackupCalls {
  return {
    begin: () => client.call('backup.begin', {}),
    read: (id, after) => client.call('backup.read', { id, after }),
    end: async (id) => {
      await client.call('backup.end', { id })
    },
  }
}
