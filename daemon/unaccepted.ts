import { Envelope, unacceptedReason, type AuditEntry, type ConflictRecord } from '../protocol/index.js'
import { LogReader } from './log-blocks.js'
import type { OutpostNode } from './node.js'
import { removedWriters, type RemovedWriter } from './removal.js'
import { sameType } from './view/system-reader.js'

/**
 * Work a removed node did after its removal, which the site never accepted, listed on every node
 * that holds it (the removed node itself, and any node its log reached).
 *
 * Why it is read from the logs and not from the view: Autobase 7.28 hands a removed writer's
 * blocks that it linearizes after the removal to nobody (apply-state.js: `if
 * (node.writer.isRemoved && !node.writer.isActiveIndexer) ... continue`, the block is skipped,
 * not applied), and when the removal reaches a node that had folded such a block (the removed
 * node itself, or a peer that met it first), the reorder takes the block's fold back out of the
 * view. Seen (test/integration/mesh-removed.test.ts on the code before this): a note the removed
 * node acknowledged was then in no node's notes, audit trail or conflicts. The fold cannot list
 * what it is never handed, and making Autobase hand it over would not help: only the nodes that
 * hold the block would fold it, so their views would differ from the site's for good. So the
 * blocks stay out of the view, as the site decided, and each node lists what it holds of a removed
 * writer's log past what the site accepted, read from the signed log itself.
 */

/** Most blocks read per removed writer for one listing (a removed node's backlog beyond is not listed). */
const MAX_BLOCKS = 1000

/** One operation the site did not accept, as an audit entry with its reason. */
async function unacceptedEntries(node: OutpostNode, removed: RemovedWriter[], seq: number): Promise<AuditEntry[]> {
  const log = new LogReader(node)
  const out: AuditEntry[] = []
  try {
    for (const r of removed) {
      const core = await log.core(r.key)
      const end = Math.min(core.length, r.removal.accepted + MAX_BLOCKS)
      for (let block = r.removal.accepted; block < end; block++) {
        const ops = await log.operations(r.key, block)
        ops?.forEach((raw, index) => out.push(entryOf(raw, r, seq, block, index)))
      }
    }
  } finally {
    await log.close()
  }
  return out
}

const text = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 120) : '?')

function entryOf(raw: unknown, r: RemovedWriter, seq: number, block: number, index: number): AuditEntry {
  const env = raw as Partial<Envelope> | null
  const hlc = Envelope.shape.hlc.safeParse(env?.hlc)
  return {
    seq, // never folded: listed after everything the view folded
    id: text(env?.id),
    type: text(env?.type),
    person: text(env?.person),
    node: r.key,
    hlc: hlc.success ? hlc.data : { t: 0, c: 0 },
    status: 'rejected',
    reason: unacceptedReason(r.removal),
    at: { block, index },
  }
}

export interface AuditQuery {
  limit: number
  beforeSeq?: number | undefined
  person?: string | undefined
  type?: string | undefined
}

/**
 * The audit trail (newest first), with a removed writer's unaccepted work: on the first page the
 * operations this node holds but never folded come first; entries this node folded itself
 * before it knew it was removed are shown rejected, with the reason.
 */
export async function auditWithUnaccepted(node: OutpostNode, query: AuditQuery): Promise<AuditEntry[]> {
  const entries = await node.read.system.audit(query)
  const removed = await removedWriters(node.read, node.nodeKey, node.localRemoval)
  if (removed.length === 0) return entries
  const byKey = new Map(removed.map((r) => [r.key, r]))
  const marked = entries.map((e): AuditEntry => {
    const r = byKey.get(e.node)
    return r !== undefined && e.at.block >= r.removal.accepted ? { ...e, status: 'rejected', reason: unacceptedReason(r.removal) } : e
  })
  if (query.beforeSeq !== undefined) return marked
  const unfolded = (await unacceptedEntries(node, removed, (await node.read.system.meta()).seq)).filter(
    (e) =>
      e.at.block >= byKey.get(e.node)!.foldedHere &&
      (query.person === undefined || e.person === query.person) &&
      (query.type === undefined || sameType(e.type, query.type)),
  )
  return [...unfolded.reverse(), ...marked].slice(0, query.limit)
}

/**
 * Conflicts with a removed writer's unaccepted work first, one per operation, kind `rejected`.
 * They are not in the view, so no operation can settle them: they stay listed as long as this
 * node holds the blocks (`conflicts.resolve` says why it cannot settle one).
 */
export async function conflictsWithUnaccepted(node: OutpostNode, open: boolean, limit: number): Promise<ConflictRecord[]> {
  const listed = await node.read.conflicts.conflicts(open, limit)
  const removed = await removedWriters(node.read, node.nodeKey, node.localRemoval)
  if (removed.length === 0) return listed
  const unaccepted = (await unacceptedEntries(node, removed, 0)).map((e): ConflictRecord => ({
    id: `${UNACCEPTED_PREFIX}${e.node.slice(0, 16)}/${e.at.block}/${e.at.index}`,
    kind: 'rejected',
    op: { id: e.id, type: e.type, person: e.person, node: e.node },
    reason: e.reason ?? '',
    balance: null,
    at: e.hlc.t,
    resolution: null,
  }))
  return [...unaccepted, ...listed].slice(0, limit)
}

/** The id of a conflict listed from a removed writer's log (see conflictsWithUnaccepted). */
export const UNACCEPTED_PREFIX = 'unaccepted/'
export const UNSETTLEABLE =
  'the site never accepted this operation of a removed node: nothing here can settle it; enter the work again on a current node if it still matters'
