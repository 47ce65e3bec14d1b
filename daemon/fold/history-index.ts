import { createHash } from 'node:crypto'
import type { AuditEntry, FieldChange, HistoryEntry, Operation, OperationType, PayloadOf } from '../../protocol/index.js'
import { historyKey, historyOpKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'
import { canonical } from './field-merge.js'

/**
 * The history of every record (SPEC "History and rollback"), written by the fold as it goes: an
 * index in the view, `history/<record> <seq>`, so a record's history is one range read and never
 * a scan of the audit journal. A record is named by its view key (`roll/R-1`).
 *
 * Which records an operation touched comes from two places, so a new capability gets history
 * with one line here and nothing in its handlers:
 * 1. the keys its handler wrote (ViewWriter.track): every written key whose prefix is in
 *    HISTORY_KINDS is a record it changed, with the value the record had before (the
 *    before-image a rollback returns to);
 * 2. the records its payload names, for an operation that was rejected (it wrote nothing) or that
 *    names a record without changing it: a payload field named like a kind (`roll`, `order`,
 *    `printer`...; NAMING_FIELDS), or the type's entry in NAMES.
 */

/** View prefixes whose keys are records with a history. A new record kind (ticket/, device/) adds its prefix. */
export const HISTORY_KINDS: ReadonlySet<string> = new Set([
  'roll',
  'order',
  'product',
  'location',
  'partner',
  'person',
  'printer',
  'print-job',
  'count',
  'conflict',
  'writer',
  // the kitchen's and the repair bench's records
  'ticket',
  'station',
  'menu',
  'shift',
  'device',
  'repair',
])

/** A payload field (a string, or an array of strings) that names a record of this kind. */
const NAMING_FIELDS: Readonly<Record<string, string>> = {
  roll: 'roll',
  rolls: 'roll',
  order: 'order',
  sku: 'product',
  location: 'location',
  supplier: 'partner',
  printer: 'printer',
  job: 'print-job',
  session: 'count',
  conflict: 'conflict',
  ticket: 'ticket',
  station: 'station',
  shift: 'shift',
  repair: 'repair',
  device: 'device',
}

/** Records a type's payload names that NAMING_FIELDS cannot see (nested, or a field named `id`). */
const NAMES: { [T in OperationType]?: (payload: PayloadOf<T>) => string[] } = {
  'people.add': (p) => [`person/${p.id}`],
  'people.setPin': (p) => [`person/${p.id}`],
  'people.setRole': (p) => [`person/${p.id}`],
  'people.remove': (p) => [`person/${p.id}`],
  'people.setBadge': (p) => [`person/${p.id}`],
  'printing.announce': (p) => [`printer/${p.id}`],
  'mesh.addNode': (p) => [`writer/${p.key}`],
  'mesh.removeNode': (p) => [`writer/${p.key}`],
  'stock.receive': (p) => p.rolls.map((r) => `roll/${r.code}`),
  'counting.approve': (p) => p.variances.map((v) => `roll/${v.roll}`),
  'catalog.products.upsert': (p) => p.products.map((r) => `product/${r.sku}`),
  'catalog.locations.upsert': (p) => p.locations.map((r) => `location/${r.code}`),
  'catalog.partners.upsert': (p) => p.partners.map((r) => `partner/${r.code}`),
  'history.restore': (p) => p.restores.map((r) => r.record),
}

/** A before-image larger than this (JSON characters) is not kept: a count of 5,000 scans would cost that much per scan. */
export const MAX_BEFORE_CHARS = 8192
/** An operation touching more records than this lists the first ones only under `also`. */
const MAX_ALSO = 20

/** The kind of a view key that is a record with a history, or null. */
export function recordKind(key: string): string | null {
  const slash = key.indexOf('/')
  if (slash <= 0) return null
  const kind = key.slice(0, slash)
  return HISTORY_KINDS.has(kind) ? kind : null
}

/** The records an operation's payload names (see NAMING_FIELDS and NAMES). */
export function namedRecords(op: Operation): string[] {
  const out: string[] = []
  const payload = op.payload as Record<string, unknown>
  for (const [field, kind] of Object.entries(NAMING_FIELDS)) {
    const value = payload[field]
    if (typeof value === 'string') out.push(`${kind}/${value}`)
    else if (Array.isArray(value)) for (const v of value) if (typeof v === 'string') out.push(`${kind}/${v}`)
  }
  const names = NAMES[op.type] as ((payload: unknown) => string[]) | undefined
  if (names !== undefined) out.push(...names(op.payload))
  return out
}

export interface Tracked {
  written: Map<string, unknown>
  fields: Map<string, FieldChange[]>
}

/** Write one history entry for each record the operation touched (nothing for one that names none). */
export async function recordHistory(view: ViewWriter, audit: AuditEntry, op: Operation | null, tracked: Tracked | null): Promise<void> {
  const refs = new Set<string>()
  if (tracked !== null) for (const key of tracked.written.keys()) if (recordKind(key) !== null) refs.add(key)
  if (op !== null) for (const ref of namedRecords(op)) if (recordKind(ref) !== null) refs.add(ref)
  if (refs.size === 0) return
  const all = [...refs]
  // every record the operation touched, under its seq: the audit's `h` finds them from an entry (history.touched)
  await view.putNew(historyOpKey(audit.seq), all)
  for (const ref of all) {
    const changed = tracked?.written.has(ref) ?? false
    const entry: HistoryEntry = {
      seq: audit.seq,
      op: audit.id,
      type: audit.type,
      person: audit.person,
      node: audit.node,
      at: audit.hlc.t,
      status: audit.status === 'applied' ? 'applied' : 'rejected',
      ...(audit.reason === undefined ? {} : { reason: audit.reason }),
      changed,
    }
    if (changed) {
      const before = tracked!.written.get(ref) ?? null
      if (JSON.stringify(before).length <= MAX_BEFORE_CHARS) entry.before = before
      else entry.large = true
    }
    const also = all.filter((r) => r !== ref)
    if (also.length > 0) entry.also = also.slice(0, MAX_ALSO)
    if (also.length > MAX_ALSO) entry.alsoMore = true
    const fields = tracked?.fields.get(ref)
    if (fields !== undefined) entry.fields = fields
    await view.putNew(historyKey(ref, audit.seq), entry)
  }
}

/** A record value's digest, as a rollback saw it: the fold refuses the rollback if the record holds another by then. */
export function recordDigest(value: unknown): string {
  return createHash('sha256')
    .update(canonical(value ?? null))
    .digest('hex')
}
