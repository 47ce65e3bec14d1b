import type { ConflictRecord, TicketRecord } from '../../protocol/index.js'
import { conflictId, conflictKey, heldRefusalsKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'
import { reject, type Handler } from './context.js'
import { emit } from './events.js'
import { cancelledReason, givePortionsBack, putTicket, ticketOrReject } from './ticket-places.js'

/**
 * A cancel, made independent of the order Autobase folds it in. Two nodes apart: one cancels a
 * ticket, the other bumps, serves, holds or resumes it. Folded cancel first, the bump is refused by the open
 * guard ("ticket T was cancelled by ana (customer left)") and listed under Conflicts as rejected.
 * Folded bump first, the cancel used to stand beside the bump, with no conflict: the outcome hung
 * on an order no person chose (a hold folded first stood silently, its `held` cleared by the
 * cancel; folded after, it was refused and listed). So a cancel carries what its node had seen of
 * the ticket (`seen`: the operation ids of its bumps, serve, holds and resumes; cancelSeen). One
 * it did not see was made apart from it: the cancel wins, that work is taken off the ticket and the operation listed under Conflicts
 * with the same reason and kind as the other order gives. Work the canceller saw stays (a ticket
 * half made, then cancelled, keeps its bumps for the numbers). As the roll that left twice does
 * (conflict-flags.ts), the rule looks at what was done, not at which came first.
 */

type OpRef = ConflictRecord['op']

/** What a node has seen of a ticket, as its cancel carries it (the socket fills it in). */
export const cancelSeen = (ticket: TicketRecord): string[] => [
  ...ticket.bumps.map((b) => b.op),
  ...(ticket.servedBy ? [ticket.servedBy.op] : []),
  ...(ticket.holds ?? []).map((h) => h.op),
]

export const ticketCancel: Handler<'tickets.cancel'> = async ({ view, op }) => {
  const ticket = await ticketOrReject(view, op.payload.ticket)
  const seen = op.payload.seen === undefined ? null : new Set(op.payload.seen)
  const serve = ticket.servedBy ?? null
  const serveUnseen = seen !== null && ticket.state === 'served' && serve !== null && !seen.has(serve.op)
  if (ticket.state === 'served' && !serveUnseen) reject(`ticket ${ticket.id} was served: recall it before cancelling`)
  if (ticket.state === 'cancelled') reject(`ticket ${ticket.id} was cancelled already`)
  const reason = cancelledReason(ticket.id, op.person, op.payload.reason)
  const unseen = seen === null ? [] : ticket.bumps.filter((b) => !seen.has(b.op))
  const undone: OpRef[] = unseen.map((b) => ({ id: b.op, type: 'tickets.bump', person: b.by, node: b.node ?? '' }))
  if (serveUnseen) undone.push({ id: serve.op, type: serve.type, person: serve.person, node: serve.node })
  // a hold or resume made apart: as refused, whether it left the ticket held or not (held is cleared below either way)
  const holdsUnseen = seen === null ? [] : (ticket.holds ?? []).filter((h) => !seen.has(h.op))
  undone.push(...holdsUnseen.map((h) => ({ id: h.op, type: h.type, person: h.by, node: h.node })))
  // work refused on a hold this cancel undoes was refused, in the other order, as cancelled
  await rewordHeldRefusals(view, ticket.id, new Set(holdsUnseen.map((h) => h.op)), reason)
  const worked = undoWork(ticket, new Set(unseen.map((b) => b.op)), serveUnseen)
  const after = holdsUnseen.length === 0 ? worked : { ...worked, holds: (ticket.holds ?? []).filter((h) => seen?.has(h.op)) }
  await givePortionsBack(
    view,
    ticket.shift,
    ticket.parts.flatMap((p) => p.items),
  )
  const cancelled = { reason: op.payload.reason, by: op.person, at: op.hlc.t, node: op.node }
  await putTicket(view, ticket, { ...after, state: 'cancelled', held: null, cancelled })
  await emit(view, op, 'ticket.cancelled', '', [], { ticket: ticket.id, shift: ticket.shift, reason: op.payload.reason })
  const at = new Map([
    ...ticket.bumps.map((b) => [b.op, b.at] as const),
    ...(ticket.holds ?? []).map((h) => [h.op, h.at] as const),
    [serve?.op ?? '', ticket.served ?? op.hlc.t],
  ])
  for (const ref of undone) await flagUndone(view, ref, at.get(ref.id) ?? op.hlc.t, reason)
}

/** The ticket without the bumps (and the serve) the cancel did not see, as if they had been refused. */
function undoWork(ticket: TicketRecord, bumps: ReadonlySet<string>, unserve: boolean): TicketRecord {
  if (bumps.size === 0 && !unserve) return ticket
  const items = new Set(ticket.bumps.filter((b) => bumps.has(b.op)).flatMap((b) => b.items.map(([p, i]) => `${p}/${i}`)))
  const parts = ticket.parts.map((p) => ({
    ...p,
    items: p.items.map((item, i) => (items.has(`${p.n}/${i}`) ? { ...item, done: null } : item)),
  }))
  const kept = ticket.bumps.filter((b) => !bumps.has(b.op))
  const allDone = parts.every((p) => p.items.every((i) => i.done !== null))
  // started came from the first bump when no start preceded it; with none of them left it is unset
  const firstUndone = ticket.bumps.find((b) => bumps.has(b.op))
  const started = kept.length === 0 && firstUndone !== undefined && ticket.started === firstUndone.at ? null : ticket.started
  return {
    ...ticket,
    parts,
    bumps: kept,
    started,
    ready: allDone ? ticket.ready : null,
    ...(unserve ? { served: null, servedN: null, servedBy: null } : {}),
  }
}

/**
 * The undone operation listed under Conflicts, as the guard lists it when the cancel folds first
 * (kind rejected, the same reason, the operation's own time). Its id has the operation's id after
 * the cancel's place: one cancel can undo several bumps.
 */
async function flagUndone(view: ViewWriter, ref: OpRef, at: number, reason: string): Promise<void> {
  const id = conflictId(view.seq, `${ref.type} ${ref.id}`)
  const record: ConflictRecord = { id, kind: 'rejected', op: ref, reason, balance: null, at, resolution: null }
  await view.put(conflictKey(id), record)
}

interface HeldRefusal {
  /** The hold the work met. */
  hold: string
  /** The conflict that lists the refused work. */
  conflict: string
}

/** A bump, serve or start refused because the ticket was on hold: kept by the fold's rejection path. */
export async function keepHeldRefusal(view: ViewWriter, ticket: string, hold: string, conflict: string): Promise<void> {
  const kept = (await view.get<HeldRefusal[]>(heldRefusalsKey(ticket))) ?? []
  await view.put(heldRefusalsKey(ticket), [...kept, { hold, conflict }])
}

/**
 * A cancel that undoes holds it did not see: the work those holds refused ("on hold") is listed
 * with the cancel's reason instead, the reason it gets when the cancel folds first (then the hold
 * is refused, and the work meets the cancelled ticket). Kept refusals of other holds stay.
 */
async function rewordHeldRefusals(view: ViewWriter, ticket: string, holds: ReadonlySet<string>, reason: string): Promise<void> {
  if (holds.size === 0) return
  const kept = await view.get<HeldRefusal[]>(heldRefusalsKey(ticket))
  if (kept === null) return
  for (const refusal of kept.filter((r) => holds.has(r.hold))) {
    const record = await view.get<ConflictRecord>(conflictKey(refusal.conflict))
    if (record !== null) await view.put(conflictKey(record.id), { ...record, reason })
  }
  const left = kept.filter((r) => !holds.has(r.hold))
  if (left.length === 0) await view.del(heldRefusalsKey(ticket))
  else await view.put(heldRefusalsKey(ticket), left)
}
