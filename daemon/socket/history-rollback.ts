import {
  OutpostError,
  type HistoryEntry,
  type OperationDraft,
  type Restore,
  type RollbackProposal,
  type Source,
} from '../../protocol/index.js'
import { canonical, editBetween } from '../fold/field-merge.js'
import { recordDigest, recordKind } from '../fold/history-index.js'
import { RESTORERS } from '../fold/history.js'
import type { HistoryReader } from '../view/history-reader.js'

/**
 * A rollback proposal (SPEC "History and rollback"): a manager picks an entry of a record's
 * history; every operation that changed the record after it is undone, on every record it
 * changed, by new operations:
 * - a roll, a count, an order: `history.restore` with the value it had before the first undone
 *   operation, and the digest of the value it has now (the fold refuses if that changed);
 * - a product, a location, a partner: a catalog edit of the fields that differ, through the
 *   field-level merge like any edit (an edit made apart meanwhile is merged, not overwritten).
 * A record that an undone operation changed and a later one, not undone, changed again is not
 * brought back over that change: the proposal is refused, naming the operation to undo first.
 */

const CATALOG: Readonly<Record<string, { type: string; field: string }>> = {
  product: { type: 'catalog.products.upsert', field: 'products' },
  location: { type: 'catalog.locations.upsert', field: 'locations' },
  partner: { type: 'catalog.partners.upsert', field: 'partners' },
}

const applied = (e: HistoryEntry) => e.status === 'applied' && e.changed
const described = (e: HistoryEntry) => `${e.type} by ${e.person} (${e.op})`

export async function proposeRollback(
  history: HistoryReader,
  record: string,
  to: number,
  note: string,
  source: Source,
): Promise<RollbackProposal> {
  const entries = await history.all(record)
  const target = entries.find((e) => e.seq === to)
  if (target === undefined) throw new OutpostError('E_NOT_FOUND', `${record} has no history entry ${to}`)
  const undone = entries.filter((e) => e.seq > to && applied(e))
  if (undone.length === 0) throw new OutpostError('E_CONFLICT', `${record} has not changed since entry ${to}: nothing to roll back`)
  const undoOps = new Set(undone.map((e) => e.op))
  // every record an undone operation changed, the chosen one first
  const others = await Promise.all(undone.map((e) => history.also(record, e)))
  const records = [...new Set([record, ...others.flat()])]

  const restores: Restore[] = []
  const catalog = new Map<string, { records: unknown[]; edits: unknown[] }>()
  const changes: RollbackProposal['changes'] = []
  for (const ref of records) {
    const own = ref === record ? entries : await history.all(ref)
    const first = own.findIndex((e) => undoOps.has(e.op) && applied(e))
    if (first < 0) continue // named by an undone operation, never changed by it
    const later = own.slice(first).find((e) => applied(e) && !undoOps.has(e.op))
    if (later !== undefined) {
      throw new OutpostError('E_CONFLICT', `${ref} was changed since by ${described(later)} at entry ${later.seq}: roll that back first`)
    }
    if (own[first]!.large === true)
      throw new OutpostError('E_CONFLICT', `${ref} was too large to keep as it was before entry ${own[first]!.seq}`)
    const back = own[first]!.before ?? null
    const now = await history.value(ref)
    const kind = recordKind(ref)!
    const lines = differences(now, back)
    if (lines.length === 0) continue
    if (kind in CATALOG) {
      if (back === null || now === null)
        throw new OutpostError('E_CONFLICT', `${ref} did not exist then: a rollback does not remove catalog records`)
      const edit = editBetween(now as Record<string, unknown>, back as Record<string, unknown>, await history.fieldStamps(ref))
      const group = catalog.get(kind) ?? { records: [], edits: [] }
      group.records.push(back)
      group.edits.push(edit)
      catalog.set(kind, group)
    } else if (kind in RESTORERS) {
      if (back === null || now === null)
        throw new OutpostError('E_CONFLICT', `${ref} did not exist then: a rollback does not make or remove it`)
      restores.push({ record: ref, expect: recordDigest(now), value: back })
    } else if (ref === record) {
      throw new OutpostError('E_CONFLICT', `a ${kind} is not rolled back: its changes are operations of their own (see its history)`)
    } else {
      lines.unshift('left as it is (not rolled back)')
    }
    changes.push({ record: ref, lines })
  }
  const drafts: OperationDraft[] = []
  const undoes = [...undone].reverse()
  if (restores.length > 0) {
    drafts.push({ type: 'history.restore', payload: { target: { record, seq: to }, undoes: undoes.map((e) => e.op), restores, note } })
  }
  for (const [kind, group] of catalog) {
    const { type, field } = CATALOG[kind]!
    drafts.push({ type, payload: { [field]: group.records, edits: group.edits, source } })
  }
  if (drafts.length === 0)
    throw new OutpostError('E_CONFLICT', `${record} holds the same values as after entry ${to}: nothing to roll back`)
  return { record, to, undoes, changes, drafts }
}

/** `field: now -> back` for each top-level field that differs. */
function differences(now: unknown, back: unknown): string[] {
  if (now === null || back === null || typeof now !== 'object' || typeof back !== 'object') {
    return canonical(now) === canonical(back) ? [] : [`${short(now)} -> ${short(back)}`]
  }
  const a = now as Record<string, unknown>
  const b = back as Record<string, unknown>
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])]
  return fields.filter((f) => canonical(a[f]) !== canonical(b[f])).map((f) => `${f}: ${short(a[f])} -> ${short(b[f])}`)
}

function short(value: unknown): string {
  const text = value === undefined ? '(none)' : canonical(value)
  return text.length > 80 ? text.slice(0, 77) + '...' : text
}
