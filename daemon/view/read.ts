import type Hyperbee from 'hyperbee'
import type { AuditEntry } from '../../protocol/index.js'
import { getLatest } from './latest.js'

/** One value of the view, or null. */
export async function getValue<T>(bee: Hyperbee, key: string): Promise<T | null> {
  const entry = await getLatest(bee, key)
  return entry === null ? null : (entry.value as T)
}

/**
 * Up to `limit` items of a range, newest first, that `keep` accepts. An entry is one item, unless
 * `items` spreads it into several, newest first (a block of the audit journal). Unfiltered, it
 * looks at exactly `limit` items (a stream without a limit reads ahead); filtered, at most
 * `limit * 50`, so a rare filter cannot stall the daemon.
 */
export async function newestFirst<T>(
  bee: Hyperbee,
  range: { gte: string; lt: string },
  limit: number,
  keep: ((item: T) => boolean) | null,
  items: (value: unknown) => T[] = (value) => [value as T],
): Promise<T[]> {
  const out: T[] = []
  let budget = keep === null ? limit : limit * 50
  // every entry read gives at least one item, so the stream never needs more entries than that
  for await (const { value } of bee.createReadStream({ ...range, reverse: true, limit: budget })) {
    for (const item of items(value)) {
      if (budget-- <= 0) return out
      if (keep !== null && !keep(item)) continue
      out.push(item)
      if (out.length >= limit) return out
    }
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
