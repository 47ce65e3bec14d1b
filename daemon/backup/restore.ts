import { mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import CoreStorage from 'hypercore-storage'
import { BackupManifest, OutpostError } from '../../protocol/index.js'
import { writeJsonFile } from '../json-file.js'
import { writeSiteFile } from '../site-file.js'
import { BackupFileError, BackupReader, unpackEntries } from './backup-file.js'
import { newIdentity } from '../identity.js'
import type { Logger } from '../logger.js'
import { refuseNewWriter, rotateWriter, writeNewWriterFile, type NewWriterFile } from './new-writer.js'
import { writeReclaimFile } from './reclaim.js'

export interface RestoreOptions {
  file: string
  dataDir: string
  passphrase: string
  /** The operator's word that no peer holds more of this node's log than the backup (no reclaim). */
  noPeerHoldsMore?: boolean
  /** Restore as a new node of the site, which replaces the node of the backup (daemon/backup/new-writer.ts). */
  asNewWriter?: { logger: Logger }
}

export interface Restored {
  manifest: BackupManifest
  entries: number
  /** Restored as a new writer: its writer key, which `outpost pair join` asks the site to add. */
  newWriter: NewWriterFile | null
  /** The name of the node a new writer replaces, as the restored view has it. */
  replacedName: string | null
}

/**
 * Restore a backup into an empty data dir: the store's entries into a fresh store, site.json
 * with the site and its key, peers.json; and reclaim.json, so that the node takes its own log
 * back from its peers before it writes (daemon/backup/reclaim.ts). The data dir must be empty:
 * a restore over a node's data would mix two stores.
 */
export async function restoreBackup(opts: RestoreOptions): Promise<Restored> {
  const there = await readdir(opts.dataDir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return []
    throw err
  })
  if (there.length > 0) throw new OutpostError('E_USAGE', `${opts.dataDir} is not empty: a backup is restored only into an empty data dir`)
  const reader = await BackupReader.open(opts.file, opts.passphrase)
  try {
    const first = await reader.frame()
    const parsed = first === null ? null : BackupManifest.safeParse(parseJson(first))
    if (parsed?.success !== true) throw new BackupFileError('E_BACKUP_DAMAGED', `${opts.file} holds no readable manifest`)
    const manifest = parsed.data
    if (opts.asNewWriter !== undefined) refuseNewWriter(manifest)
    await mkdir(opts.dataDir, { recursive: true, mode: 0o700 })
    // a restore that fails half way leaves the dir as empty as it found it: nothing half-restored opens
    try {
      return await restoreInto(opts, reader, manifest)
    } catch (err) {
      for (const name of await readdir(opts.dataDir)) await rm(join(opts.dataDir, name), { recursive: true, force: true })
      throw err
    }
  } finally {
    await reader.close()
  }
}

async function restoreInto(opts: RestoreOptions, reader: BackupReader, manifest: BackupManifest): Promise<Restored> {
  const storage = new CoreStorage(join(opts.dataDir, 'store'))
  let entries = 0
  try {
    await storage.ready()
    for (let frame = await reader.frame(); frame !== null; frame = await reader.frame()) {
      const pairs = unpackEntries(frame, opts.file)
      const batch = storage.db.write()
      try {
        for (const [key, value] of pairs) batch.tryPut(key, value)
        await batch.flush()
      } finally {
        batch.destroy() // an undestroyed batch holds the store open: its close never resolved
      }
      entries += pairs.length
    }
  } finally {
    await storage.close()
  }
  if (manifest.peers !== null) await writeJsonFile(join(opts.dataDir, 'peers.json'), manifest.peers)
  if (opts.asNewWriter !== undefined) {
    // no site.json until it has paired: a daemon started before that would open as the old node
    const identity = newIdentity()
    const { writerKey, replacedName } = await rotateWriter({
      storageDir: join(opts.dataDir, 'store'),
      site: Buffer.from(manifest.site, 'hex'),
      encryptionKey: manifest.encryptionKey === null ? null : Buffer.from(manifest.encryptionKey, 'hex'),
      identity,
      replaces: manifest.node,
      logger: opts.asNewWriter.logger,
    })
    const newWriter = { site: manifest.site, writerKey, replaces: manifest.node, identity }
    await writeNewWriterFile(opts.dataDir, newWriter)
    return { manifest, entries, newWriter, replacedName }
  }
  await writeSiteFile(join(opts.dataDir, 'site.json'), {
    site: manifest.site,
    founded: true,
    ...(manifest.encryptionKey === null ? {} : { encryptionKey: manifest.encryptionKey }),
    ...(manifest.identity == null ? {} : { identity: manifest.identity }),
  })
  if (opts.noPeerHoldsMore !== true)
    await writeReclaimFile(opts.dataDir, { node: manifest.node, site: manifest.site, backupLength: manifest.localLength })
  return { manifest, entries, newWriter: null, replacedName: null }
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch {
    return null
  }
}
