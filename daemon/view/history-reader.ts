import type Hyperbee from 'hyperbee'
import type { HistoryEntry } from '../../protocol/index.js'
import type { FieldStamps } from '../fold/field-merge.js'
import { HISTORY_KINDS } from '../fold/history-index.js'
import type { CodeEntry } from './catalog-reader.js'
import { codeKey, fieldsKey, historyKey, historyOpKey, historyRange } from './keys.js'
import { getValue } from './read.js'

/** Where a name that is not a code may be found, in this order: `SO-1` is an order before it is a count. */
const BY_NAME = [
  'order',
  'count',
  'person',
  'printer',
  'partner',
  'location',
  'product',
  'print-job',
  'conflict',
  'writer',
  'repair',
  'menu',
  'station',
  'ticket',
]

/** Every record's history (written by the fold: daemon/fold/history-index.ts) and what a name stands for. */
export class HistoryReader {
  constructor(private readonly bee: Hyperbee) {}

  /** A record's entries newest first, older than `before` (a seq) if given; `more` says whether older ones remain. */
  async entries(record: string, opts: { limit: number; before?: number | undefined }): Promise<{ entries: HistoryEntry[]; more: boolean }> {
    const range = historyRange(record)
    const lt = opts.before === undefined ? range.lt : historyKey(record, opts.before)
    const entries: HistoryEntry[] = []
    for await (const { value } of this.bee.createReadStream({ gte: range.gte, lt, reverse: true, limit: opts.limit + 1 })) {
      entries.push(value as HistoryEntry)
    }
    const more = entries.length > opts.limit
    return { entries: more ? entries.slice(0, opts.limit) : entries, more }
  }

  /** A record's whole history, oldest first (a rollback reads it; at most `cap` entries). */
  async all(record: string, cap = 100_000): Promise<HistoryEntry[]> {
    const out: HistoryEntry[] = []
    for await (const { value } of this.bee.createReadStream({ ...historyRange(record), limit: cap })) out.push(value as HistoryEntry)
    return out
  }

  /** Every record the operation of this entry touched besides `record`. */
  async also(record: string, entry: HistoryEntry): Promise<string[]> {
    if (entry.alsoMore !== true) return entry.also ?? []
    const all = (await getValue<string[]>(this.bee, historyOpKey(entry.seq))) ?? []
    return all.filter((r) => r !== record)
  }

  /** Every record the operation at this seq touched (written since the audit's `h`; an older view keeps only those of more than 21). */
  async touched(seq: number): Promise<string[]> {
    return (await getValue<string[]>(this.bee, historyOpKey(seq))) ?? []
  }

  /** The record's value now (its view key), or null. */
  value<T = unknown>(record: string): Promise<T | null> {
    return getValue<T>(this.bee, record)
  }

  fieldStamps(record: string): Promise<FieldStamps | null> {
    return getValue<FieldStamps>(this.bee, fieldsKey(record))
  }

  /**
   * The record a person means: `kind/key` as it is, a scannable code (a roll, a product's
   * barcode, a shelf), or the key of an order, count, person, printer...: the first kind that has
   * a record or a history by that name. Null when nothing is known by it.
   */
  async resolve(name: string): Promise<string | null> {
    const slash = name.indexOf('/')
    if (slash > 0 && HISTORY_KINDS.has(name.slice(0, slash))) return name
    const code = await getValue<CodeEntry>(this.bee, codeKey(name))
    if (code !== null) return `${code.kind}/${code.key}`
    for (const kind of BY_NAME) {
      const ref = `${kind}/${name}`
      if ((await getValue(this.bee, ref)) !== null) return ref
      if ((await this.entries(ref, { limit: 1 })).entries.length > 0) return ref
    }
    return null
  }
}
