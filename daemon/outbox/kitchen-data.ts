import type { StockEvent, TicketItem, TicketRecord } from '../../protocol/index.js'
import type { Readers } from '../view/readers.js'

/**
 * The data of the kitchen's events (ticket.*, shift.*). What the operation said (the ticket, the
 * shift, a cancel's reason) comes from the event itself; the rest from the record, read at sending
 * time, taking only what the event's step fixed: the items fired with the ticket (part 0), which
 * a later tickets.add does not change; the items served, the last word of a ticket once served.
 */
export async function kitchenData(read: Readers, event: StockEvent): Promise<Record<string, unknown>> {
  const at = new Date(event.at).toISOString()
  if (event.type === 'shift.opened' || event.type === 'shift.closed') {
    const shift = event.shift == null ? null : await read.shifts.shift(event.shift)
    return { shift: event.shift ?? null, kind: shift?.kind ?? null, who: shift?.who ?? null, at }
  }
  const ticket = event.ticket === undefined ? null : await read.tickets.ticket(event.ticket)
  const base = {
    ticket: event.ticket ?? null,
    label: ticket?.label ?? null,
    source: ticket?.source ?? null,
    shift: event.shift ?? null,
    at,
  }
  if (event.type === 'ticket.created') return { ...base, note: ticket?.note ?? null, items: items(ticket?.parts[0]?.items ?? []) }
  if (event.type === 'ticket.served') {
    const all = itemsOf(ticket)
    return { ...base, items: items(all), cents: all.reduce((sum, i) => sum + i.price * i.qty, 0) }
  }
  if (event.type === 'ticket.cancelled')
    return { ...base, reason: event.reason ?? ticket?.cancelled?.reason ?? null, by: ticket?.cancelled?.by ?? null }
  return base
}

const itemsOf = (t: TicketRecord | null): TicketItem[] => t?.parts.flatMap((p) => p.items) ?? []

/** An item as the ERP sees it: what was sold, how many, at what price (cents for one). */
function items(list: readonly TicketItem[]): Array<Record<string, unknown>> {
  return list.map((i) => ({ item: i.item, name: i.name, qty: i.qty, modifiers: i.modifiers, station: i.station, price: i.price }))
}
