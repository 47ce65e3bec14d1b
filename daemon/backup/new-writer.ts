import { once } from 'node:events'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import sodium from 'sodium-native'
import { z } from 'zod'
import { HexKey, OutpostError } from '../../protocol/index.js'
import { Identity } from '../identity.js'
import { readJsonFile, writeJsonFile } from '../json-file.js'
import type { Logger } from '../logger.js'
import { OutpostNode } from '../node.js'

/**
 * `outpost restore FILE DIR --as-new-writer`: the restored data joins the site as a new node and
 * the node of the backup is removed, for when the machine cannot prove it is the same one (its
 * peers hold more of its log than the backup and are gone, or the old machine may come back).
 * The store is the old node's, so everything the node writes with must be new: Autobase rotates
 * its writer core to a new key pair (Autobase.setLocal, which moves the local fold state along),
 * and the swarm key pair and the attachments core are named with a new identity
 * (daemon/identity.ts). The old log stays in the store as any peer's log: never appended to.
 *
 * Until it has paired, the data dir holds new-writer.json instead of site.json: `outpost pair
 * join CODE` sends the new writer key with the old one it replaces, and a person on the inviting
 * node accepts both in one step (daemon/net/pairing-host.ts).
 */
export const NewWriterFile = z.object({ site: HexKey, writerKey: HexKey, replaces: HexKey, identity: Identity }).strict()
export type NewWriterFile = z.infer<typeof NewWriterFile>

export const newWriterPath = (dataDir: string) => join(dataDir, 'new-writer.json')

export function readNewWriterFile(dataDir: string): Promise<NewWriterFile | null> {
  return readJsonFile(newWriterPath(dataDir), NewWriterFile)
}

export async function writeNewWriterFile(dataDir: string, value: NewWriterFile): Promise<void> {
  await writeJsonFile(newWriterPath(dataDir), value)
}

export async function removeNewWriterFile(dataDir: string): Promise<void> {
  await rm(newWriterPath(dataDir), { force: true })
}

/** What a restore as a new writer refuses before it writes anything. */
export function refuseNewWriter(manifest: { site: string; node: string }): void {
  // Autobase's first writer is the site's only indexer (pairing adds writers as non-indexers), and
  // the last indexer can never be removed: a founder comes back only as itself
  if (manifest.node === manifest.site)
    throw new OutpostError(
      'E_USAGE',
      "this is a backup of the site's founder, its only indexer, which cannot be removed: restore it as the same node (without --as-new-writer)",
    )
}

/**
 * Give a restored store its new writer: open the node offline (no network), let Autobase rotate
 * its local core to a fresh key pair, close. Returns the new writer key, and the old node's name.
 */
export async function rotateWriter(opts: {
  storageDir: string
  site: Buffer
  encryptionKey: Buffer | null
  identity: string
  /** The writer key of the node of the backup, whose name is returned. */
  replaces: string
  logger: Logger
}): Promise<{ writerKey: string; replacedName: string | null }> {
  const node = new OutpostNode({
    storageDir: opts.storageDir,
    site: opts.site,
    encryptionKey: opts.encryptionKey,
    identity: opts.identity,
    logger: opts.logger,
  })
  await node.open()
  try {
    const keyPair = {
      publicKey: Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES),
      secretKey: Buffer.alloc(sodium.crypto_sign_SECRETKEYBYTES),
    }
    sodium.crypto_sign_keypair(keyPair.publicKey, keyPair.secretKey)
    const manifest = { version: node.store.manifestVersion, signers: [{ publicKey: keyPair.publicKey }] }
    // Autobase.setLocal opens the new core by its key only: made here first with its key pair, so
    // the store keeps the secret key with it (as it does for every writer core) and it is writable
    const core = node.store.get({ keyPair, manifest, active: false })
    await core.ready()
    const key = core.key
    await core.close()
    const rotated = once(node.base, 'rotate-local-writer')
    await node.base.setLocal(key, { keyPair })
    if (!node.base.local.key.equals(key)) await rotated
    if (!node.base.local.key.equals(key) || !node.base.local.writable) throw new Error('Autobase did not rotate to the new writer core')
    const replacedName = (await node.read.mesh.writers()).find((w) => w.key === opts.replaces)?.name ?? null
    return { writerKey: key.toString('hex'), replacedName }
  } finally {
    await node.close()
  }
}
