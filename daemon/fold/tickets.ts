import {
  RECALL_LAST,
  RECALL_WINDOW_MS,
  type ItemState,
  type Operation,
  type TICKETS_OPERATIONS,
  type TicketItem,
  type TicketRecord,
} from '../../protocol/index.js'
import { lastBumpKey, shiftKey, ticketKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'
import { Rejection, reject, type Handler, type HandlersOf } from './context.js'
import { emit } from './events.js'
import { menuItemOrReject } from './menu.js'
import { stationOrReject } from './stations.js'
import { keepHeldRefusal, ticketCancel } from './ticket-cancel.js'
import { cancelledReason, nextServed, putTicket, servedCount, takePortions, ticketOrReject } from './ticket-places.js'

/**
 * Kitchen tickets: the guarded transitions. new -> in-progress -> ready -> served; hold/resume
 * (a flag); cancel with a reason; recall. A guard's refusal of an operation made on a node that
 * had not seen the cancel (or the serve) is kept as rejected and listed under Conflicts by the
 * fold (fold-operation.ts), the same on every node.
 */

/** A ticket people are still working on: not cancelled, not served. */
function mustBeOpen(t: TicketRecord): void {
  if (t.state === 'cancelled' && t.cancelled !== null) reject(cancelledReason(t.id, t.cancelled.by, t.cancelled.reason))
  if (t.state === 'served') reject(`ticket ${t.id} was served already`)
}

/**
 * Refused while on hold: the refusal keeps which hold it met, so that a cancel made apart that
 * undoes that hold gives the refusal its own reason, as when it folds first (ticket-cancel.ts).
 */
function mustNotBeHeld(t: TicketRecord): void {
  if (t.held === null) return
  const hold = [...(t.holds ?? [])].reverse().find((h) => h.type === 'tickets.hold')
  throw new Rejection(
    `ticket ${t.id} is on hold (by ${t.held.by}): resume it first`,
    'conflict',
    hold === undefined ? undefined : (view, conflict) => keepHeldRefusal(view, t.id, hold.op, conflict),
  )
}

/** Items the fold keeps: each checked against the menu and the stations. */
async function checkItems(view: ViewWriter, items: readonly TicketItem[]): Promise<ItemState[]> {
  for (const item of items) {
    await menuItemOrReject(view, item.item)
    const station = await stationOrReject(view, item.station)
    if (station.kind === 'expo') reject(`${item.name}: ${station.id} is an expo station, items are made at a prep station`)
  }
  return items.map((i) => ({ ...i, done: null }))
}

function part(op: Operation, n: number, items: ItemState[]): TicketRecord['parts'][number] {
  return { n, items, fired: op.hlc.t, by: op.person, node: op.node, op: op.id }
}

const allDone = (t: TicketRecord): boolean => t.parts.every((p) => p.items.every((i) => i.done !== null))
const stationsLeft = (t: TicketRecord): string[] => [
  ...new Set(t.parts.flatMap((p) => p.items.filter((i) => i.done === null).map((i) => i.station))),
]

export const ticketFire: Handler<'tickets.fire'> = async ({ view, op }) => {
  const { id, source, label, note, shift, items } = op.payload
  if ((await view.get(ticketKey(id))) !== null) reject(`ticket ${id} exists already`)
  if (shift !== null && (await view.get(shiftKey(shift))) === null) reject(`no shift ${shift}`)
  const first = part(op, 0, await checkItems(view, items))
  const oversold = await takePortions(view, op, id, shift, items)
  const ticket: TicketRecord = {
    id,
    source,
    label,
    note,
    shift,
    state: 'new',
    held: null,
    parts: [first],
    bumps: [],
    fired: op.hlc.t,
    started: null,
    ready: null,
    served: null,
    cancelled: null,
    recalls: 0,
    servedN: null,
    oversold,
    seq: view.seq,
  }
  await putTicket(view, null, ticket)
  await emit(view, op, 'ticket.created', '', [], { ticket: id, shift })
}

export const ticketAdd: Handler<'tickets.add'> = async ({ view, op }) => {
  const ticket = await ticketOrReject(view, op.payload.ticket)
  mustBeOpen(ticket)
  const added = part(op, ticket.parts.length, await checkItems(view, op.payload.items))
  const oversold = await takePortions(view, op, ticket.id, ticket.shift, op.payload.items)
  const after: TicketRecord = {
    ...ticket,
    parts: [...ticket.parts, added],
    // a ready ticket has something to make again
    state: ticket.state === 'ready' ? 'in-progress' : ticket.state,
    ready: null,
    oversold: [...new Set([...ticket.oversold, ...oversold])],
  }
  await putTicket(view, ticket, after)
}

export const ticketStart: Handler<'tickets.start'> = async ({ view, op }) => {
  const ticket = await ticketOrReject(view, op.payload.ticket)
  mustBeOpen(ticket)
  mustNotBeHeld(ticket)
  await stationOrReject(view, op.payload.station)
  if (ticket.state === 'ready') reject(`ticket ${ticket.id} is ready already`)
  // a second station starting is no refusal: two stations start the same ticket all the time
  await putTicket(view, ticket, { ...ticket, state: 'in-progress', started: ticket.started ?? op.hlc.t })
}

export const ticketBump: Handler<'tickets.bump'> = async ({ view, op }) => {
  const ticket = await ticketOrReject(view, op.payload.ticket)
  mustBeOpen(ticket)
  mustNotBeHeld(ticket)
  const station = await stationOrReject(view, op.payload.station)
  if (station.kind === 'expo') return serve(view, op, ticket)
  const bumped: Array<[number, number]> = []
  const parts = ticket.parts.map((p) => ({
    ...p,
    items: p.items.map((item, i) => {
      if (item.station !== station.id || item.done !== null) return item
      bumped.push([p.n, i])
      return { ...item, done: { by: op.person, at: op.hlc.t, op: op.id } }
    }),
  }))
  if (bumped.length === 0) reject(`nothing left for ${station.id} on ticket ${ticket.id}`)
  const bump = { station: station.id, items: bumped, by: op.person, at: op.hlc.t, op: op.id, node: op.node }
  const after: TicketRecord = { ...ticket, parts, bumps: [...ticket.bumps, bump], started: ticket.started ?? op.hlc.t }
  const ready = allDone(after)
  await putTicket(view, ticket, { ...after, state: ready ? 'ready' : 'in-progress', ready: ready ? op.hlc.t : null })
  if (ready) await emit(view, op, 'ticket.ready', '', [], { ticket: ticket.id, shift: ticket.shift })
  // no longer read (a screen's R looks through the open tickets' bumps); written still, as part of
  // the view whose hash nodes of every version compare
  await view.put(lastBumpKey(station.id), ticket.id)
}

async function serve(view: ViewWriter, op: Operation, ticket: TicketRecord): Promise<void> {
  if (ticket.state !== 'ready') reject(`ticket ${ticket.id} is not ready: ${stationsLeft(ticket).join(', ')} still making`)
  const servedN = await nextServed(view, ticket.id)
  const servedBy = { op: op.id, type: op.type, person: op.person, node: op.node }
  await putTicket(view, ticket, { ...ticket, state: 'served', served: op.hlc.t, servedN, servedBy })
  await emit(view, op, 'ticket.served', '', [], { ticket: ticket.id, shift: ticket.shift })
}

export const ticketServe: Handler<'tickets.serve'> = async ({ view, op }) => {
  const ticket = await ticketOrReject(view, op.payload.ticket)
  mustBeOpen(ticket)
  mustNotBeHeld(ticket)
  await serve(view, op, ticket)
}

/** A hold or resume kept on the ticket, so a cancel made apart that did not see it can undo it (ticket-cancel.ts). */
const holdStamp = (op: Operation, type: 'tickets.hold' | 'tickets.resume') => ({
  op: op.id,
  type,
  by: op.person,
  at: op.hlc.t,
  node: op.node,
})

export const ticketHold: Handler<'tickets.hold'> = async ({ view, op }) => {
  const ticket = await ticketOrReject(view, op.payload.ticket)
  mustBeOpen(ticket)
  if (ticket.held !== null) reject(`ticket ${ticket.id} is on hold already`)
  const holds = [...(ticket.holds ?? []), holdStamp(op, 'tickets.hold')]
  await putTicket(view, ticket, { ...ticket, held: { by: op.person, at: op.hlc.t }, holds })
}

export const ticketResume: Handler<'tickets.resume'> = async ({ view, op }) => {
  const ticket = await ticketOrReject(view, op.payload.ticket)
  mustBeOpen(ticket)
  if (ticket.held === null) reject(`ticket ${ticket.id} is not on hold`)
  const holds = [...(ticket.holds ?? []), holdStamp(op, 'tickets.resume')]
  await putTicket(view, ticket, { ...ticket, held: null, holds })
}

export const ticketRecall: Handler<'tickets.recall'> = async ({ view, op }) => {
  const ticket = await ticketOrReject(view, op.payload.ticket)
  const station = op.payload.station === null ? null : await stationOrReject(view, op.payload.station)
  if (station === null || station.kind === 'expo') return unserve(view, op, ticket)
  mustBeOpen(ticket)
  const named = op.payload.bump
  let last = ticket.bumps.length - 1
  // the bump the recall names (its operation), else the station's last: with two nodes bumping the
  // same station on a ticket apart, "the last" in fold order may be the other node's bump
  while (last >= 0 && (ticket.bumps[last]!.station !== station.id || (named !== undefined && ticket.bumps[last]!.op !== named))) last--
  if (last < 0 && named !== undefined)
    reject(`${station.id}'s bump ${named} on ticket ${ticket.id} is not there to recall (recalled already?)`)
  if (last < 0) reject(`${station.id} has no bump on ticket ${ticket.id} to recall`)
  const undo = new Set(ticket.bumps[last]!.items.map(([p, i]) => `${p}/${i}`))
  const parts = ticket.parts.map((p) => ({
    ...p,
    items: p.items.map((item, i) => (undo.has(`${p.n}/${i}`) ? { ...item, done: null } : item)),
  }))
  const bumps = ticket.bumps.filter((_, i) => i !== last)
  await putTicket(view, ticket, { ...ticket, parts, bumps, state: 'in-progress', ready: null, recalls: ticket.recalls + 1 })
}

/** A served ticket back to ready: within 15 minutes of serving, or while among the last 50 served. */
async function unserve(view: ViewWriter, op: Operation, ticket: TicketRecord): Promise<void> {
  if (ticket.state !== 'served' || ticket.served === null || ticket.servedN === null)
    reject(`ticket ${ticket.id} is ${ticket.state}, not served`)
  const recent = op.hlc.t - ticket.served <= RECALL_WINDOW_MS
  const lately = (await servedCount(view)) - ticket.servedN <= RECALL_LAST
  if (!recent && !lately) reject(`ticket ${ticket.id} was served too long ago to recall (15 minutes, or the last ${RECALL_LAST})`)
  await putTicket(view, ticket, { ...ticket, state: 'ready', served: null, servedN: null, servedBy: null, recalls: ticket.recalls + 1 })
  // ready again: the receiver's last word on it was served
  await emit(view, op, 'ticket.ready', '', [], { ticket: ticket.id, shift: ticket.shift })
}

export const ticketAdvance: Handler<'tickets.advance'> = async ({ view, op }) => {
  let served = 0
  for (const id of new Set(op.payload.tickets)) {
    const ticket = await view.get<TicketRecord>(ticketKey(id))
    // at close: what is ready goes; anything else stays for people to look at
    if (ticket === null || ticket.state !== 'ready' || ticket.held !== null) continue
    await serve(view, op, ticket)
    served++
  }
  if (served === 0) reject('none of these tickets is ready')
}

export const TICKETS_HANDLERS: HandlersOf<typeof TICKETS_OPERATIONS> = {
  'tickets.fire': ticketFire,
  'tickets.add': ticketAdd,
  'tickets.start': ticketStart,
  'tickets.bump': ticketBump,
  'tickets.serve': ticketServe,
  'tickets.hold': ticketHold,
  'tickets.resume': ticketResume,
  'tickets.cancel': ticketCancel,
  'tickets.recall': ticketRecall,
  'tickets.advance': ticketAdvance,
}
