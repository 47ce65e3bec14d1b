import type { AuditEntry, FieldChange } from '../../protocol/index.js'
import { META_KEY, auditKey } from './keys.js'
import { EMPTY_HASH, entryDigest, xorInto } from './view-hash.js'

/** What the fold keeps beside the entries: how many operations it folded and the view digest. */
export interface ViewMeta {
  seq: number
  hash: string
}

/** The storage under the writer: a Hyperbee batch in the fold, an in-memory overlay in a dry run. */
export interface KeyValueBatch {
  get(key: string): Promise<{ value: unknown } | null>
  put(key: string, value: unknown): Promise<void>
  del(key: string): Promise<void>
}

/**
 * All writes to the view go through here, so the digest can never drift from the contents.
 * Handlers get/put/del JSON values; `commit` writes the meta record.
 */
export class ViewWriter {
  private readonly acc: Buffer
  /** Values read or written in this fold call: the operations of one block share most reads. */
  private readonly cache = new Map<string, unknown>()
  /**
   * Writes held back until the end of the log block (`putDeferred`), each with the value the key
   * had before the block: the digest takes the old one out and the last one in at the flush.
   */
  private readonly deferred = new Map<string, { before: unknown; value: unknown }>()
  /** The audit entries of the log block being folded (`audit`). */
  private auditEntries: AuditEntry[] = []
  seq: number

  private constructor(
    private readonly batch: KeyValueBatch,
    meta: ViewMeta,
  ) {
    this.acc = Buffer.from(meta.hash, 'hex')
    this.seq = meta.seq
  }

  static async open(batch: KeyValueBatch): Promise<ViewWriter> {
    const meta = (await batch.get(META_KEY))?.value as ViewMeta | undefined
    return new ViewWriter(batch, meta ?? { seq: 0, hash: EMPTY_HASH })
  }

  /** Handlers never mutate what they read (they spread into new objects), so sharing is safe. */
  async get<T>(key: string): Promise<T | null> {
    if (this.cache.has(key)) return this.cache.get(key) as T | null
    const entry = await this.batch.get(key)
    const value = entry === null ? null : entry.value
    this.cache.set(key, value)
    return value as T | null
  }

  async put(key: string, value: unknown): Promise<void> {
    const old = await this.get(key)
    if (old !== null) xorInto(this.acc, entryDigest(key, old))
    this.undo?.push([key, old])
    this.saw(key, old)
    await this.write(key, value)
  }

  /**
   * For a key that every operation rewrites (a writer's place in its log): reads see the write at
   * once, but the batch and the digest get only the last value, at `flushDeferred`. The fold
   * flushes at the end of each log block, the same place on every node, so every node still
   * writes the same view; a note costs one Hyperbee insert instead of two, and two hashes fewer
   * (the XOR of the values in between cancels out). Not under a savepoint: what a rollback must
   * take back goes through `put`.
   */
  async putDeferred(key: string, value: unknown): Promise<void> {
    if (this.undo !== null) throw new Error('putDeferred under a savepoint')
    const held = this.deferred.get(key)
    const before = held !== undefined ? held.before : await this.get(key)
    this.cache.set(key, value)
    this.deferred.set(key, { before, value })
  }

  /**
   * An operation's audit entry. A log block's entries become one view entry, written at
   * `flushDeferred` under the seq of its first operation: one Hyperbee insert per block instead
   * of one per operation (a note's fold was two inserts, the note and its audit entry; it is now
   * one, and catching up on 10,000 notes took about a third less time).
   */
  audit(entry: AuditEntry): void {
    this.auditEntries.push(entry)
  }

  async flushDeferred(): Promise<void> {
    for (const [key, { before, value }] of this.deferred) {
      if (before !== null) xorInto(this.acc, entryDigest(key, before))
      xorInto(this.acc, entryDigest(key, value))
      await this.batch.put(key, value)
    }
    this.deferred.clear()
    const entries = this.auditEntries
    if (entries.length > 0) {
      this.auditEntries = []
      await this.putNew(auditKey(entries[0]!.seq), entries)
    }
  }

  /** For keys that cannot exist yet (the audit journal's next seq): skips reading the old value. */
  async putNew(key: string, value: unknown): Promise<void> {
    this.undo?.push([key, null])
    this.saw(key, null)
    await this.write(key, value)
  }

  private async write(key: string, value: unknown): Promise<void> {
    xorInto(this.acc, entryDigest(key, value))
    this.cache.set(key, value)
    await this.batch.put(key, value)
  }

  async del(key: string): Promise<void> {
    const old = await this.get(key)
    if (old === null) return
    xorInto(this.acc, entryDigest(key, old))
    this.undo?.push([key, old])
    this.saw(key, old)
    this.cache.set(key, null)
    await this.batch.del(key)
  }

  /**
   * While a handler runs (`track`): each key it wrote, with the value the key had before, and the
   * field outcomes it reported. The fold turns them into the history of the records written
   * (daemon/fold/history-index.ts), so history needs nothing from a handler but its writes.
   */
  private written: Map<string, unknown> | null = null
  private fieldNotes: Map<string, FieldChange[]> | null = null

  track(): void {
    this.written = new Map()
    this.fieldNotes = new Map()
  }

  /** What the handler wrote since `track()` (see `written`); tracking stops. */
  tracked(): { written: Map<string, unknown>; fields: Map<string, FieldChange[]> } {
    const out = { written: this.written ?? new Map<string, unknown>(), fields: this.fieldNotes ?? new Map<string, FieldChange[]>() }
    this.written = null
    this.fieldNotes = null
    return out
  }

  /** A field edit's outcome on `record` (a view key), for that record's history entry. */
  fieldOutcome(record: string, change: FieldChange): void {
    if (this.fieldNotes === null) return
    const list = this.fieldNotes.get(record) ?? []
    list.push(change)
    this.fieldNotes.set(record, list)
  }

  private saw(key: string, old: unknown): void {
    if (this.written !== null && !this.written.has(key)) this.written.set(key, old)
  }

  /** Writes since `savepoint()`, newest last, each with the value it replaced. */
  private undo: Array<[string, unknown]> | null = null
  private accAtSavepoint: Buffer | null = null

  /**
   * Start keeping what the next writes replace, so a handler that rejects after writing leaves
   * nothing behind (`rollback`). One savepoint at a time: the fold takes one per operation.
   */
  savepoint(): void {
    this.undo = []
    this.accAtSavepoint = Buffer.from(this.acc)
  }

  release(): void {
    this.undo = null
    this.accAtSavepoint = null
  }

  async rollback(): Promise<void> {
    const undo = this.undo
    if (undo === null || this.accAtSavepoint === null) throw new Error('rollback without a savepoint')
    this.undo = null
    for (let i = undo.length - 1; i >= 0; i--) {
      const [key, old] = undo[i]!
      this.cache.set(key, old)
      if (old === null) await this.batch.del(key)
      else await this.batch.put(key, old)
    }
    this.accAtSavepoint.copy(this.acc)
    this.accAtSavepoint = null
  }

  /** The digest of what has gone to the batch: deferred writes count from `flushDeferred` on. */
  get hash(): string {
    return this.acc.toString('hex')
  }

  async commit(): Promise<void> {
    await this.flushDeferred()
    const meta: ViewMeta = { seq: this.seq, hash: this.hash }
    await this.batch.put(META_KEY, meta)
  }
}
