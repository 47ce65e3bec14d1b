import { z } from 'zod'
import { HexKey, type MethodSpec } from './spec.js'

/**
 * Backup of a running node (docs/operations.md, "Backup and restore"). The daemon holds a
 * RocksDB snapshot of its store for the length of one backup and hands it out page by page; the
 * `outpost backup` command encrypts the pages into the backup file. The passphrase never reaches
 * the daemon, and the daemon writes no file: under its systemd unit it may write only its data dir.
 */

/** One backup's snapshot in the daemon, named by a random id. */
export const BackupId = z.string().regex(/^[0-9a-f]{32}$/, 'a backup id is 32 hex characters')

/** Where the node stood at the snapshot: what the restored node must show again. */
/** A node's own names in its store, set only on a node restored as a new writer (daemon/identity.ts). */
export const NodeIdentity = z.string().regex(/^[0-9a-f]{16}$/, 'an identity is 16 hex characters')

export const BackupManifest = z
  .object({
    format: z.literal(1),
    site: HexKey,
    node: HexKey,
    /** The site key for encryption at rest (hex), null for a site founded before encryption. */
    encryptionKey: HexKey.nullable(),
    /** The node's identity in its store, set on a node that was restored as a new writer (absent in older backups). */
    identity: NodeIdentity.nullable().optional(),
    /** This node's own log length in the snapshot: what a restore on the same machine must get back beyond. */
    localLength: z.number().int().nonnegative(),
    view: z.object({ seq: z.number().int().nonnegative(), hash: z.string().max(128) }),
    /** peers.json of the data dir (the nodes it knew and their addresses), as it was. */
    peers: z.unknown().nullable(),
    createdAt: z.number().int().nonnegative(),
    outpost: z.string().max(64),
  })
  .strict()
export type BackupManifest = z.infer<typeof BackupManifest>

/** One store entry, key and value base64: the raw RocksDB pair. */
export const StoreEntry = z.tuple([z.string().max(2_000_000), z.string().max(2_000_000)])

export const BACKUP_METHODS = {
  'backup.begin': {
    summary: "take a consistent snapshot of this node's store for a backup (admin; `outpost backup FILE`)",
    access: ['admin'],
    params: z.object({}).strict(),
    result: z.object({ id: BackupId, manifest: BackupManifest }),
  },
  'backup.read': {
    summary: "the next page of a backup's snapshot: store entries after `after` (base64 key), in key order",
    access: ['admin'],
    params: z.object({ id: BackupId, after: z.string().max(100_000).nullable() }).strict(),
    result: z.object({ entries: z.array(StoreEntry), done: z.boolean() }),
  },
  'backup.end': {
    summary: "release a backup's snapshot",
    access: ['admin'],
    params: z.object({ id: BackupId }).strict(),
    result: z.object({}).strict(),
  },
} as const satisfies Record<string, MethodSpec>
