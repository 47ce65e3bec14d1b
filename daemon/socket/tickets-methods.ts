import { OutpostError, RECALL_LAST, type TICKETS_METHODS, type TicketRecord } from '../../protocol/index.js'
import { cancelSeen } from '../fold/ticket-cancel.js'
import { uniqueStem } from './codes.js'
import type { ImplementationsOf, MethodContext } from './context.js'
import { submit } from './submit.js'
import { chitDrafts, checkThrottle, readItems, serviceShift, settled } from './ticket-entry.js'

async function ticketOf(ctx: MethodContext, id: string): Promise<TicketRecord> {
  // a ticket's number read off a chit and typed in lower case ("#t-5eamx8") is the same ticket:
  // the ids the site makes are upper case (an id given at fire is kept as given, and found as given)
  const read = ctx.node.read.tickets
  const ticket = (await read.ticket(id)) ?? (id === id.toUpperCase() ? null : await read.ticket(id.toUpperCase()))
  if (ticket === null) throw new OutpostError('E_NOT_FOUND', `no ticket ${id}`)
  return ticket
}

export const TICKETS_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof TICKETS_METHODS> = {
  'tickets.fire': async (params, ctx) => {
    const now = ctx.node.now()
    const id = params.id ?? `T-${uniqueStem(ctx)}`
    // the entry's reads run together (each a view read; one after another they were most of a
    // ticket's time on A), and are judged in the same order: the first refusal is the one told
    const existing = settled(ctx.node.read.tickets.ticket(id))
    const shifted = settled(serviceShift(ctx, params.shift))
    if ((await existing()) !== null) throw new OutpostError('E_CONFLICT', `ticket ${id} exists already`)
    const shift = await shifted()
    const items = await readItems(ctx, params.items, shift, now)
    await checkThrottle(ctx, new Set(items.map((i) => i.station)), now)
    const note = params.note ?? null
    const chits = await chitDrafts(ctx, { id, label: params.label, note }, items, { now, part: 0 })
    const fire = { type: 'tickets.fire', payload: { id, source: params.source, label: params.label, note, shift, items } }
    const { ids } = await submit(ctx, [fire, ...chits])
    return { ids, ticket: id, chits: chits.length }
  },
  'tickets.add': async (params, ctx) => {
    const now = ctx.node.now()
    const ticket = await ticketOf(ctx, params.ticket)
    if (ticket.state === 'served' || ticket.state === 'cancelled')
      throw new OutpostError('E_CONFLICT', `ticket ${ticket.id} is ${ticket.state}`)
    const items = await readItems(ctx, params.items, ticket.shift, now)
    // an added part is printed alone, with the part's number beside the label
    const part = ticket.parts.length
    const chits = await chitDrafts(ctx, ticket, items, { now, part })
    const { ids } = await submit(ctx, [{ type: 'tickets.add', payload: { ticket: ticket.id, items } }, ...chits])
    return { ids, ticket: ticket.id, chits: chits.length, part }
  },
  'tickets.start': (payload, ctx) => submit(ctx, [{ type: 'tickets.start', payload }]),
  'tickets.bump': (payload, ctx) => submit(ctx, [{ type: 'tickets.bump', payload }]),
  'tickets.serve': (payload, ctx) => submit(ctx, [{ type: 'tickets.serve', payload }]),
  'tickets.hold': (payload, ctx) => submit(ctx, [{ type: 'tickets.hold', payload }]),
  'tickets.resume': (payload, ctx) => submit(ctx, [{ type: 'tickets.resume', payload }]),
  'tickets.cancel': async (payload, ctx) => {
    // what this node has seen of the ticket: work made apart, unseen, is undone by the fold
    const ticket = await ctx.node.read.tickets.ticket(payload.ticket)
    const seen = ticket === null ? [] : cancelSeen(ticket)
    return submit(ctx, [{ type: 'tickets.cancel', payload: { ...payload, seen } }])
  },
  'tickets.recall': async ({ ticket, station, stations, bump }, ctx) => {
    if (bump !== undefined && (ticket === undefined || station === undefined))
      throw new OutpostError('E_INVALID_PARAMS', 'a bump to recall is named with its ticket and station')
    if (ticket !== undefined) {
      const { ids } = await submit(ctx, [
        { type: 'tickets.recall', payload: { ticket, station: station ?? null, ...(bump === undefined ? {} : { bump }) } },
      ])
      return { ids, ticket }
    }
    const named = stations ?? (station === undefined ? [] : [station])
    if (named.length === 0) throw new OutpostError('E_INVALID_PARAMS', 'name a ticket, or the station whose last bump to recall')
    const last = await lastBumpAt(ctx, named)
    if (last === null)
      throw new OutpostError('E_NOT_FOUND', `${named.join(' + ')} ${named.length > 1 ? 'have' : 'has'} bumped nothing to recall`)
    const payload = { ticket: last.ticket, station: last.station, ...(last.op === null ? {} : { bump: last.op }) }
    const { ids } = await submit(ctx, [{ type: 'tickets.recall', payload }])
    return { ids, ticket: last.ticket }
  },
  'tickets.advance': async ({ shift }, ctx) => {
    const ready = (await ctx.node.read.tickets.open()).filter(
      (t) => t.state === 'ready' && t.held === null && (shift === undefined || t.shift === shift),
    )
    if (ready.length === 0) return { ids: [], served: 0 }
    const { ids } = await submit(ctx, [{ type: 'tickets.advance', payload: { tickets: ready.map((t) => t.id) } }])
    return { ids, served: ready.length }
  },
  'tickets.get': (params, ctx) => ticketOf(ctx, params.ticket),
  'tickets.board': async ({ stations, recall }, { node }) => {
    // asked on every view.changed by every screen: its reads run together, not one after another,
    // and the served list (50 records) only when the screen shows it
    const [meta, shows, open, served] = await Promise.all([
      node.read.system.meta(),
      node.read.tickets.showsFor(stations),
      node.read.tickets.open(),
      recall === true ? node.read.tickets.served(RECALL_LAST) : [],
    ])
    return { seq: meta.seq, now: node.now(), tickets: open.filter(shows), recallable: served.filter(shows) }
  },
  'tickets.allDay': ({ station }, { node }) => node.read.tickets.allDay(station),
  'tickets.list': (params, { node }) => node.read.tickets.list(params),
}

/**
 * The last bump made at any of `stations` (a screen's): each prep station's last bumped ticket and
 * its bump there, an expo station's last served ticket; the latest of them by the time it was
 * made. The bump is named by its operation, so the recall undoes that one even if the station
 * bumped the ticket again elsewhere since.
 */
async function lastBumpAt(
  ctx: MethodContext,
  stations: readonly string[],
): Promise<{ ticket: string; station: string; op: string | null; at: number } | null> {
  let best: { ticket: string; station: string; op: string | null; at: number } | null = null
  // every open ticket's bumps, not the view's last-bumped ticket of the station: once that bump was
  // recalled, the bump before it (on another ticket) stood and was not found (seen, #17)
  const open = await ctx.node.read.tickets.open()
  for (const station of new Set(stations)) {
    const record = await ctx.node.read.stations.station(station)
    if (record?.kind === 'expo') {
      // at an expo screen, the last bumped is the last served
      const served = (await ctx.node.read.tickets.served(1))[0]
      if (served !== undefined && (best === null || (served.served ?? 0) > best.at))
        best = { ticket: served.id, station, op: null, at: served.served ?? 0 }
      continue
    }
    for (const ticket of open)
      for (const bump of ticket.bumps)
        if (bump.station === station && (best === null || bump.at > best.at))
          best = { ticket: ticket.id, station, op: bump.op, at: bump.at }
  }
  return best
}
