import { z } from 'zod'
import { HexKey, type MethodSpec, type OperationSpec } from './spec.js'

/**
 * Attachments: a photo of a damaged box, a signed intake form, kept beside a record. The bytes
 * live content-addressed in a Hypercore of the node that added them (in the site's Corestore,
 * encrypted with the site key like the logs); the log carries only where they are and their
 * hash, so they replicate only to a node where someone opens them.
 */

/** The largest attachment: a phone photo or a scanned form, not a video. */
export const MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024
/** Bytes per block of an attachments core: small enough that a fetch shows progress, large enough to be few. */
export const ATTACHMENT_BLOCK_BYTES = 64 * 1024

export const ContentHash = z.string().regex(/^[0-9a-f]{64}$/, 'a content hash is 64 hex characters (sha-256)')
/** What the attachment is kept beside: a device code, a repair id, an order, a roll... (any record's code). */
export const EntityCode = z.string().regex(/^[\x21-\x7e]{1,64}$/, 'an entity is a code of up to 64 printable characters')
const FileName = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[^/\\\p{Cc}]+$/u, 'a file name has no slashes or control characters')

/** Where an attachment's bytes are: blocks [start, start+blocks) of a node's attachments core. */
export const BlobRef = z.object({ core: HexKey, start: z.number().int().nonnegative(), blocks: z.number().int().positive().max(1024) })
export type BlobRef = z.infer<typeof BlobRef>

export const AttachmentRecord = z.object({
  /** The operation that added it. */
  id: z.string(),
  entity: EntityCode,
  name: FileName,
  hash: ContentHash,
  size: z.number().int().nonnegative(),
  blob: BlobRef,
  person: z.string(),
  node: z.string(),
  at: z.number().int(),
})
export type AttachmentRecord = z.infer<typeof AttachmentRecord>

export const ATTACHMENTS_OPERATIONS = {
  'attachments.add': {
    v: 1,
    allowed: 'anyone',
    payload: z.object({
      entity: EntityCode,
      name: FileName,
      hash: ContentHash,
      size: z.number().int().nonnegative().max(MAX_ATTACHMENT_BYTES),
      blob: BlobRef,
    }),
  },
} as const satisfies Record<string, OperationSpec>

export const ATTACHMENTS_METHODS = {
  'attachments.add': {
    summary: `attach a file (up to ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB, read by the daemon from an absolute path) to a record`,
    access: 'anyone',
    params: z.object({ entity: EntityCode, path: z.string().min(1).max(4096), name: FileName.optional() }).strict(),
    result: z.object({ ids: z.array(z.string()), id: z.string(), hash: ContentHash, size: z.number().int() }),
  },
  'attachments.list': {
    summary: "a record's attachments, oldest first",
    access: 'anyone',
    params: z.object({ entity: EntityCode }).strict(),
    result: z.array(AttachmentRecord.extend({ here: z.boolean() })),
  },
  'attachments.open': {
    summary:
      "write an attachment to an absolute path (omitted: the data dir's opened/), fetching it from a peer first if this node lacks it",
    access: 'anyone',
    params: z
      .object({
        id: z.string().min(1).max(64),
        path: z.string().min(1).max(4096).optional(),
        timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
      })
      .strict(),
    result: z.object({ path: z.string(), size: z.number().int(), hash: ContentHash, fetched: z.boolean() }),
  },
} as const satisfies Record<string, MethodSpec>
