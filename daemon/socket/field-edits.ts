import type { FieldEdit } from '../../protocol/index.js'
import { editBetween } from '../fold/field-merge.js'
import type { OutpostNode } from '../node.js'

/**
 * The socket's half of field-level merge (daemon/fold/field-merge.ts), one piece for every
 * capability whose records merge field by field (catalog, people, menu, stations, repairs).
 * A client sends a whole record; the log gets what it changes: the fields that differ from the
 * record on this node, each with the values this node saw there. Null: nothing differs.
 */
export async function editOf(node: OutpostNode, key: string, record: Record<string, unknown>): Promise<FieldEdit | null> {
  return editBetween(await node.read.history.value(key), record, await node.read.history.fieldStamps(key))
}

/** The edit of a one-field operation (a person's role, PIN, badge): the field, with the values this node saw on it. */
export async function fieldEdit(node: OutpostNode, key: string, ...fields: string[]): Promise<FieldEdit> {
  const stamps = await node.read.history.fieldStamps(key)
  const seen: Record<string, string[]> = {}
  for (const f of fields) seen[f] = (stamps?.[f] ?? []).map((s) => s.op)
  return { fields, seen }
}
