import type Hyperbee from 'hyperbee'
import type { AuditEntry } from '../../protocol/index.js'

/** One value of the view, or null. */
export async function getValue<T>(bee: Hyperbee, key: string): Promise<T | null> {
  const entry = await bee.get(key)
  return entry === null ? null : (entry.value as T)
}

/**
 * Up to `limit` values of a range, newest first, that `keep` accepts. Unfiltered, it reads exactly
 * `limit` entries (a stream without a limit reads ahead); filtered, it looks at most `limit * 50`,
 * so a rare filter cannot stall the daemon.
 */
export async function newestFirst<T>(
  bee: Hyperbee,
  range: { gte: string; lt: string },
  limit: number,
  keep: ((value: T) => boolean) | null,
): Promise<T[]> {
  const out: T[] = []
  for await (const { value } of bee.createReadStream({ ...range, reverse: true, limit: keep === null ? limit : limit * 50 })) {
    if (keep !== null && !keep(value as T)) continue
    out.push(value as T)
    if (out.length >= limit) break
  }
  return out
}

/**
 * The audit entries one journal entry holds: a log block's, in fold order. A view written
 * before the journal was kept per block has one entry per operation.
 */
export function auditEntries(value: unknown): AuditEntry[] {
  return Array.isArray(value) ? (value as AuditEntry[]) : [value as AuditEntry]
}
