import type Hyperbee from 'hyperbee'
import type { AllDayLine, StationRecord, TicketRecord, TicketState } from '../../protocol/index.js'
import { OPEN_TICKET_RANGE, SERVED_TICKET_RANGE, firedTicketRange, shiftTicketRange, ticketKey } from './keys.js'
import { getValue } from './read.js'
import type { StationsReader } from './stations-reader.js'

/** Kitchen tickets: a board's open ones, the served ones a recall may bring back, all-day counts. */
export class TicketsReader {
  constructor(
    private readonly bee: Hyperbee,
    private readonly stations: StationsReader,
  ) {}

  ticket(id: string): Promise<TicketRecord | null> {
    return getValue<TicketRecord>(this.bee, ticketKey(id))
  }

  private async many(ids: string[]): Promise<TicketRecord[]> {
    const out = await Promise.all(ids.map((id) => this.ticket(id)))
    return out.filter((t): t is TicketRecord => t !== null)
  }

  /** Tickets not served nor cancelled, oldest first. */
  async open(): Promise<TicketRecord[]> {
    const ids: string[] = []
    for await (const { value } of this.bee.createReadStream(OPEN_TICKET_RANGE)) ids.push(value as string)
    return this.many(ids)
  }

  /** The last `limit` tickets served, most recent first. */
  async served(limit: number): Promise<TicketRecord[]> {
    const ids: string[] = []
    for await (const { value } of this.bee.createReadStream({ ...SERVED_TICKET_RANGE, reverse: true, limit })) ids.push(value as string)
    return this.many(ids)
  }

  /** What a screen for these stations shows: tickets with items for one of them (an expo screen: all). */
  async showsFor(stations: readonly string[] | undefined): Promise<(t: TicketRecord) => boolean> {
    if (stations === undefined || stations.length === 0) return () => true
    const records = await Promise.all(stations.map((s) => this.stations.station(s)))
    if (records.some((s: StationRecord | null) => s?.kind === 'expo')) return () => true
    const wanted = new Set(stations)
    return (t) => t.parts.some((p) => p.items.some((i) => wanted.has(i.station)))
  }

  /** Ids of tickets fired in [from, to) (ms), for a throttle's slot. */
  async firedBetween(from: number, to: number): Promise<string[]> {
    const ids: string[] = []
    for await (const { value } of this.bee.createReadStream(firedTicketRange(from, to))) ids.push(value as string)
    return ids
  }

  firedTickets(from: number, to: number): Promise<TicketRecord[]> {
    return this.firedBetween(from, to).then((ids) => this.many(ids))
  }

  async ofShift(shift: string): Promise<TicketRecord[]> {
    const ids: string[] = []
    for await (const { value } of this.bee.createReadStream(shiftTicketRange(shift))) ids.push(value as string)
    return (await this.many(ids)).sort((a, b) => a.fired - b.fired || a.id.localeCompare(b.id))
  }

  /** Newest first, by shift and state. */
  async list(opts: { shift?: string | undefined; state?: TicketState | undefined; limit: number }): Promise<TicketRecord[]> {
    const keep = (t: TicketRecord) => opts.state === undefined || t.state === opts.state
    if (opts.shift !== undefined) return (await this.ofShift(opts.shift)).filter(keep).reverse().slice(0, opts.limit)
    const out: TicketRecord[] = []
    const range = firedTicketRange(0, Number.MAX_SAFE_INTEGER)
    for await (const { value } of this.bee.createReadStream({ ...range, reverse: true })) {
      const t = await this.ticket(value as string)
      if (t !== null && keep(t)) out.push(t)
      if (out.length >= opts.limit) break
    }
    return out
  }

  /** Per menu item, what is still to make on open tickets that are not held. */
  async allDay(station: string | undefined): Promise<AllDayLine[]> {
    const lines = new Map<string, AllDayLine>()
    for (const t of await this.open()) {
      if (t.held !== null) continue
      for (const item of t.parts.flatMap((p) => p.items)) {
        if (item.done !== null || (station !== undefined && item.station !== station)) continue
        const line = lines.get(item.item) ?? { item: item.item, name: item.name, station: item.station, qty: 0 }
        lines.set(item.item, { ...line, qty: line.qty + item.qty })
      }
    }
    return [...lines.values()].sort((a, b) => b.qty - a.qty || a.item.localeCompare(b.item))
  }
}
