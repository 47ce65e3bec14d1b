import type { KeyValueBatch } from './view-writer.js'

/** Something to read entries from: a Hyperbee, its snapshot, or nothing. */
export interface EntrySource {
  get(key: string): Promise<{ value: unknown } | null>
}

/**
 * Writes kept in memory over a read-only source: the dry run folds on top of the current view,
 * and verify re-folds the log into an empty one (no source).
 */
export class OverlayBatch implements KeyValueBatch {
  private readonly writes = new Map<string, { value: unknown } | null>()
  /** Puts and deletes made, each one a Hyperbee write when the fold makes them (the dry run's group limit). */
  writeCount = 0
  constructor(private readonly source: EntrySource | null = null) {}
  async get(key: string): Promise<{ value: unknown } | null> {
    if (this.writes.has(key)) return this.writes.get(key) ?? null
    return this.source === null ? null : this.source.get(key)
  }
  async put(key: string, value: unknown): Promise<void> {
    this.writeCount++
    this.writes.set(key, { value })
  }
  async del(key: string): Promise<void> {
    this.writeCount++
    this.writes.set(key, null)
  }
}
