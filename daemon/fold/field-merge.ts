import { compareHlc, sourceRank, type ConflictRecord, type FieldEdit, type Hlc, type Operation, type Source } from '../../protocol/index.js'
import { conflictId, conflictKey, fieldsKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'

/**
 * Field-level merge (SPEC "Conflicts" rule 4), one piece for every record kind that adopts it
 * (the catalog's products, locations and partners now; a kitchen ticket or a repair device by
 * calling `mergeRecord` from its handler). Each field keeps the stamps of the values that stand
 * on it (`fields/<record>`): normally one, the last edit. An edit names, per field it sets, the
 * stamps it saw there (FieldEdit): those it replaces, which is rule 1, causality. A stamp it did
 * not see was made concurrently on another node and stays beside it; the field then shows the
 * greatest of them by source priority, then hybrid clock, then node key and operation id.
 *
 * This is a multi-value register: the stamps kept on a field and the value shown depend only on
 * which edits were folded, not on their order, so nodes that fold concurrent edits in different
 * orders (Autobase reorders) hold the same record. Fields an edit does not set are left alone, so
 * independent fields edited apart both stand. A concurrent value that loses is kept in its stamp
 * and in the record's history, and is listed under Conflicts (kind field-clash).
 */

export interface FieldStamp {
  op: string
  node: string
  hlc: Hlc
  source: Source
  value: unknown
}
export type FieldStamps = Record<string, FieldStamp[]>

/** An edit of the whole record made after all it could see (an import, an edit from before field merge). */
export const WHOLE = 'whole' as const
/**
 * What an edit sets: the whole record, the fields a v2 edit names with the values it saw (a
 * FieldEdit), or some fields after all it could see (`seen: 'all'`: a one-field operation from
 * before field merge, a person's role set by a v1 client).
 */
export type Edit = FieldEdit | typeof WHOLE | { fields: string[]; seen: 'all' }

/** The edit a one-field operation makes: the one its payload carries (v2), or after all it saw (v1). */
export const editOr = (edit: FieldEdit | undefined, ...fields: string[]): Edit => edit ?? { fields, seen: 'all' }

/** How a record kind is named to people, and which of its fields are secret (a PIN hash: never shown). */
export interface MergeLabel {
  label: string
  secret?: readonly string[]
}

/** At most this many concurrent values kept on one field: more than a handful apart is not a site. */
const MAX_STAMPS = 16

/** Whether `a` stands over `b`: source priority, then the later clock, then node key and op id (any fixed order). */
export function beats(a: FieldStamp, b: FieldStamp): boolean {
  return (sourceRank(a.source) - sourceRank(b.source) || compareHlc(a.hlc, b.hlc) || cmp(a.node, b.node) || cmp(a.op, b.op)) > 0
}
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Why `winner` stands over `loser`, in words. */
function rule(winner: FieldStamp, loser: FieldStamp): string {
  if (winner.source !== loser.source) return `source priority (${winner.source} over ${loser.source})`
  if (compareHlc(winner.hlc, loser.hlc) !== 0) return 'the later clock'
  return 'node order'
}

/** JSON with sorted keys: equal values are equal text whatever order their keys came in. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => cmp(a, b))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b)
const show = (value: unknown): string => {
  const text = typeof value === 'string' ? `"${value}"` : canonical(value)
  return text.length > 60 ? text.slice(0, 57) + '...' : text
}

/**
 * Merge `next` (the record as the edit wrote it) into the record at view key `record` as the
 * rules say, record each field's outcome for the history, flag concurrent values that lost, and
 * return the record to write. `label` names it for people ("product POP-1").
 */
export async function mergeRecord<T extends Record<string, unknown>>(
  view: ViewWriter,
  record: string,
  current: T | null,
  next: T,
  edit: Edit,
  op: Operation,
  source: Source,
  named: string | MergeLabel,
): Promise<T> {
  const { label, secret = [] } = typeof named === 'string' ? { label: named } : named
  const shown = (field: string, value: unknown): unknown => (secret.includes(field) ? '(hidden)' : value)
  const stamps = (await view.get<FieldStamps>(fieldsKey(record))) ?? {}
  const after: FieldStamps = { ...stamps }
  const merged: Record<string, unknown> = { ...(current ?? next) }
  const fields = edit === WHOLE ? Object.keys(next) : edit.fields.filter((f) => Object.hasOwn(next, f))
  for (const field of fields) {
    const mine: FieldStamp = { op: op.id, node: op.node, hlc: op.hlc, source, value: next[field] }
    const seen = edit === WHOLE || edit.seen === 'all' ? null : (edit.seen[field] ?? [])
    // an operation that sets a field twice (a record given twice) replaces its own value
    const concurrent = seen === null ? [] : (stamps[field] ?? []).filter((s) => s.op !== op.id && !seen.includes(s.op))
    const standing = [...concurrent, mine].sort((a, b) => (beats(a, b) ? -1 : 1)).slice(0, MAX_STAMPS)
    const winner = standing[0]!
    after[field] = standing
    merged[field] = winner.value
    const others = concurrent.filter((s) => !same(s.value, mine.value))
    const hide = (s: FieldStamp): FieldStamp => ({ ...s, value: shown(field, s.value) })
    let outcome = 'stands'
    if (winner !== mine) outcome = `lost to ${show(shown(field, winner.value))} (${winner.source}, ${rule(winner, mine)})`
    else if (others.length > 0) outcome = `stands over ${others.map((s) => `${show(shown(field, s.value))} (${s.source})`).join(', ')}`
    view.fieldOutcome(record, { field, value: shown(field, mine.value), outcome })
    if (others.length > 0)
      await flagClash(view, op, record, label, field, hide(winner), standing.slice(1).map(hide), winner, standing.slice(1))
  }
  await view.put(fieldsKey(record), after)
  return merged as T
}

/** A field with two concurrent values: a person should look (the one that stands may not be the one they meant). */
async function flagClash(
  view: ViewWriter,
  op: Operation,
  record: string,
  label: string,
  field: string,
  kept: FieldStamp,
  lost: FieldStamp[],
  keptReal: FieldStamp,
  lostReal: FieldStamp[],
): Promise<void> {
  const id = conflictId(view.seq, `field ${record} ${field}`)
  // judged on the real values (two different PIN hashes both show as hidden), shown as shown
  const losing = lost.filter((_s, i) => !same(lostReal[i]!.value, keptReal.value))
  const reason = `${label} ${field}: ${show(kept.value)} (${kept.source}) stands over ${losing
    .map((s) => `${show(s.value)} (${s.source}, ${rule(kept, s)})`)
    .join(', ')}`
  const conflict: ConflictRecord = {
    id,
    kind: 'field-clash',
    op: { id: op.id, type: op.type, person: op.person, node: op.node },
    reason,
    balance: null,
    at: op.hlc.t,
    field: { record, name: field, kept: stampOf(kept), lost: losing.map(stampOf) },
    resolution: null,
  }
  await view.put(conflictKey(id), conflict)
}

const stampOf = (s: FieldStamp) => ({ op: s.op, node: s.node, source: s.source, value: s.value })

/**
 * The edit that turns `current` into `next` for a client that sent the whole record (the socket's
 * catalog.upsert, menu.set, stations.set, repairs.edit): the fields that differ, each with the stamps standing on it now. Null when
 * nothing differs. A new record sets every field, having seen nothing.
 */
export function editBetween(
  current: Record<string, unknown> | null,
  next: Record<string, unknown>,
  stamps: FieldStamps | null,
): FieldEdit | null {
  const fields = Object.keys(next).filter((f) => current === null || !same(current[f], next[f]))
  if (fields.length === 0) return null
  const seen: Record<string, string[]> = {}
  for (const f of fields) seen[f] = (stamps?.[f] ?? []).map((s) => s.op)
  return { fields, seen }
}
