import type Corestore from 'corestore'
import type Hypercore from 'hypercore'
import { createHash } from 'node:crypto'
import { ATTACHMENT_BLOCK_BYTES, OutpostError, type BlobRef } from '../protocol/index.js'

/**
 * Attachments' bytes: a Hypercore of this node's own in the site's Corestore (name
 * 'attachments'), encrypted with the site key like the logs, and replicated over the same
 * connections (a peer's Corestore attaches any core it holds when asked for it: see
 * Corestore.replicate's ondiscoverykey). The log carries only a BlobRef and the sha-256, so the
 * bytes cross the network only when someone opens them on a node that lacks them, and what
 * arrives is checked against the hash.
 *
 * Why not Hyperblobs: it is a Hypercore with a block index on top; this needs no more than
 * "blocks [start, start+n) of core K" and a hash, in 60 lines, and adds no dependency.
 *
 * Durability: the blocks go into the same RocksDB as the writer's log, before the operation that
 * names them; the fsync that makes the operation durable (daemon/durable.ts) makes them durable too.
 */
export class AttachmentStore {
  private own: Hypercore | null = null
  private readonly others = new Map<string, Hypercore>()
  /** Appends one after another, so each attachment's blocks are contiguous. */
  private appending: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly store: Corestore,
    private readonly encryptionKey: Buffer | null,
    /** The name of this node's own core in the store (daemon/identity.ts). */
    private readonly ownName = 'attachments',
  ) {}

  private encryption(): { key: Buffer } | null {
    return this.encryptionKey === null ? null : { key: this.encryptionKey }
  }

  private async ownCore(): Promise<Hypercore> {
    if (this.own === null) {
      this.own = this.store.get({ name: this.ownName, encryption: this.encryption() })
      await this.own.ready()
    }
    return this.own
  }

  private async core(key: string): Promise<Hypercore> {
    const own = await this.ownCore()
    if (own.key.toString('hex') === key) return own
    let core = this.others.get(key)
    if (core === undefined) {
      core = this.store.get({ key: Buffer.from(key, 'hex'), encryption: this.encryption() })
      this.others.set(key, core)
      await core.ready()
    }
    return core
  }

  /** Store bytes in this node's attachments core: where they are. */
  async put(bytes: Buffer): Promise<BlobRef> {
    const append = async (): Promise<BlobRef> => {
      const core = await this.ownCore()
      const blocks: Buffer[] = []
      for (let at = 0; at < bytes.length || blocks.length === 0; at += ATTACHMENT_BLOCK_BYTES) {
        blocks.push(bytes.subarray(at, at + ATTACHMENT_BLOCK_BYTES))
      }
      const start = core.length
      await core.append(blocks)
      return { core: core.key.toString('hex'), start, blocks: blocks.length }
    }
    const next = this.appending.then(append, append)
    this.appending = next.catch(() => undefined)
    return next
  }

  /** Whether this node holds every block of `ref` (opening it here needs no peer). */
  async has(ref: BlobRef): Promise<boolean> {
    const core = await this.core(ref.core)
    return core.has(ref.start, ref.start + ref.blocks)
  }

  /**
   * The bytes of `ref`, fetched from a peer if this node lacks them (then kept: the next open is
   * local). Refused when no peer gives them within `timeoutMs`, or when they do not hash to `hash`.
   */
  async get(ref: BlobRef, hash: string, timeoutMs: number): Promise<{ bytes: Buffer; fetched: boolean }> {
    const core = await this.core(ref.core)
    const fetched = !(await core.has(ref.start, ref.start + ref.blocks))
    const parts: Buffer[] = []
    try {
      const blocks: Array<Promise<Buffer>> = []
      for (let i = 0; i < ref.blocks; i++) blocks.push(core.get(ref.start + i, { timeout: timeoutMs }) as Promise<Buffer>)
      parts.push(...(await Promise.all(blocks)))
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      throw new OutpostError('E_NOT_FOUND', `the attachment is not on this node and no peer that holds it answered (${reason})`)
    }
    const bytes = Buffer.concat(parts)
    if (createHash('sha256').update(bytes).digest('hex') !== hash)
      throw new OutpostError('E_INTERNAL', 'the attachment does not match its hash: refused')
    return { bytes, fetched }
  }

  async close(): Promise<void> {
    for (const core of this.others.values()) await core.close()
    this.others.clear()
    await this.own?.close()
    this.own = null
  }
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')
