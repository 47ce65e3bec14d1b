import {
  Envelope,
  OPERATIONS,
  canonicalOperationType,
  firstIssue,
  isOperationType,
  roleAllows,
  type AuditEntry,
  type Operation,
} from '../../protocol/index.js'
import { foldedKey, personKey, writerKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'
import { Rejection, type PersonState, type RejectionKind, type WriterHost, type WriterState } from './context.js'
import { flagConflict } from './conflict-flags.js'
import { HANDLERS } from './handlers.js'
import { recordHistory, type Tracked } from './history-index.js'

/** Where an operation stands in its writer's log. */
export interface LogPlace {
  from: string
  block: number
  index: number
}

/** The fold met an operation from a newer version of Outpost: stop, do not guess. */
export class NeedsUpgrade extends Error {}

export type FoldOutcome =
  | { status: 'applied'; op: Operation }
  | { status: 'rejected'; reason: string; kind: RejectionKind }
  /** This place of the writer's log was folded already: nothing is written. */
  | { status: 'repeated' }

/**
 * Fold one operation into the view: check the envelope, the writer, the person and their role,
 * then run the handler. Whatever happens, the operation gets an audit entry with its outcome;
 * a rejected one is kept with its reason, never dropped. The entry reaches the view with the
 * rest of its log block's at `view.flushDeferred()`, which the caller runs after each block.
 */
export async function foldOperation(view: ViewWriter, raw: unknown, place: LogPlace, host: WriterHost): Promise<FoldOutcome> {
  // Each place of a writer's log folds once. Autobase hands a writer's blocks over in log order,
  // and a reorder truncates the view (this record with it) before folding again; yet a restarted
  // node was seen to be handed a block it had folded already (mesh test: one note folded twice,
  // the second time rejected, so that node's view hash differed from the others' forever).
  const folded = await view.get<{ block: number; index: number }>(foldedKey(place.from))
  if (folded !== null && (place.block < folded.block || (place.block === folded.block && place.index <= folded.index))) {
    return { status: 'repeated' }
  }
  await view.putDeferred(foldedKey(place.from), { block: place.block, index: place.index })
  // what judge learns on the way, for the history index: the operation once its payload reads, and what its handler wrote
  const seen: Seen = { op: null, tracked: null }
  const outcome = await judge(view, raw, place, host, seen)
  const env = raw as Partial<Envelope> | null
  const entry: AuditEntry = {
    seq: view.seq,
    id: typeof env?.id === 'string' ? env.id : '?',
    type: typeof env?.type === 'string' ? env.type : '?',
    person: typeof env?.person === 'string' ? env.person : '?',
    node: place.from,
    hlc: outcome.status === 'applied' ? outcome.op.hlc : { t: 0, c: 0 },
    status: outcome.status,
    ...(outcome.status === 'rejected' ? { reason: outcome.reason } : {}),
    at: { block: place.block, index: place.index },
  }
  if (outcome.status === 'rejected' && env !== null && typeof env === 'object') {
    const parsedHlc = Envelope.shape.hlc.safeParse(env.hlc)
    if (parsedHlc.success) entry.hlc = parsedHlc.data
  }
  view.audit(entry)
  await recordHistory(view, entry, seen.op, seen.tracked)
  view.seq++
  return outcome
}

type Judged = Exclude<FoldOutcome, { status: 'repeated' }>
interface Seen {
  op: Operation | null
  tracked: Tracked | null
}

async function judge(view: ViewWriter, raw: unknown, place: LogPlace, host: WriterHost, seen: Seen): Promise<Judged> {
  const parsed = Envelope.safeParse(raw)
  if (!parsed.success) return rejected(`malformed operation: ${firstIssue(parsed.error)}`)
  const env = parsed.data
  // an old name (before protocol v2) is read as its new one; reasons and records keep the name
  // the log holds, so an old log folds to the same view as before the rename
  const type = canonicalOperationType(env.type)
  if (!isOperationType(type)) throw new NeedsUpgrade(`operation type ${env.type} is unknown to this version`)
  const spec = OPERATIONS[type]
  if (env.v > spec.v) throw new NeedsUpgrade(`${env.type} v${env.v} is newer than this version reads (v${spec.v})`)
  if (env.node !== place.from) return rejected('operation names another node than the log it is in')

  const writer = await view.get<WriterState>(writerKey(place.from))
  const genesis = type === 'site.create' && view.seq === 0
  if (!genesis && writer === null) return rejected('the node is not a writer of this site')
  if (writer?.removed === true) return rejected('the node was removed from the site')

  const payload = spec.payload.safeParse(env.payload)
  if (!payload.success) return rejected(`invalid ${env.type}: ${firstIssue(payload.error)}`)
  const op = { ...env, payload: payload.data } as Operation
  seen.op = op

  let actor: PersonState | null = null
  if (env.person === '@system') {
    const byNode = spec.allowed === 'genesis' || spec.allowed === 'node' || type === 'people.add'
    if (!byNode) return rejected('only people make this operation', 'forbidden')
  } else {
    actor = await view.get<PersonState>(personKey(env.person))
    if (actor === null || !actor.active) return rejected(`person ${env.person} is unknown or was removed`)
    if (spec.allowed === 'genesis') return rejected('only the node itself creates a site', 'forbidden')
    if (spec.allowed === 'node') return rejected(`only a node itself makes ${env.type}`, 'forbidden')
    if (typeof spec.allowed !== 'string' || spec.allowed === 'anyone') {
      if (!roleAllows(actor.role, spec.allowed)) return rejected(`a ${actor.role} may not ${env.type}`, 'forbidden')
    }
  }

  // A rule may refuse after the handler wrote: the savepoint takes those writes back.
  view.savepoint()
  view.track()
  try {
    const handler = HANDLERS[type] as (ctx: unknown) => Promise<void>
    await handler({ view, op, actor, host })
    seen.tracked = view.tracked()
  } catch (err) {
    view.tracked() // what it wrote is taken back: it changed nothing
    if (!(err instanceof Rejection)) throw err
    await view.rollback()
    // a rule's refusal of an operation a person made elsewhere, unseen: people must look at it
    if (err.kind === 'conflict') {
      const conflict = await flagConflict(view, op, 'rejected', err.reason, null)
      await err.kept?.(view, conflict)
    }
    return rejected(err.reason, err.kind)
  }
  view.release()
  return { status: 'applied', op }
}

function rejected(reason: string, kind: RejectionKind = 'conflict'): Judged {
  return { status: 'rejected', reason, kind }
}
