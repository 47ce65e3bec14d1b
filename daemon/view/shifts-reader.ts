import type Hyperbee from 'hyperbee'
import type { OutsidePeriod, ShiftRecord, ShiftSummary, TicketRecord } from '../../protocol/index.js'
import { SHIFT_RANGE, shiftKey } from './keys.js'
import { getValue } from './read.js'
import { summarise } from './shift-summary.js'
import type { TicketsReader } from './tickets-reader.js'

/** Shifts, the open service (a truck or place checked in), and a shift's summary. */
export class ShiftsReader {
  constructor(
    private readonly bee: Hyperbee,
    private readonly tickets: TicketsReader,
  ) {}

  shift(id: string): Promise<ShiftRecord | null> {
    return getValue<ShiftRecord>(this.bee, shiftKey(id))
  }

  /** Newest check-in first. */
  async shifts(opts: { all: boolean; limit: number }): Promise<ShiftRecord[]> {
    const out: ShiftRecord[] = []
    for await (const { value } of this.bee.createReadStream(SHIFT_RANGE)) {
      const shift = value as ShiftRecord
      if (opts.all || shift.state !== 'closed') out.push(shift)
    }
    return out.sort((a, b) => b.checkedIn - a.checkedIn || a.id.localeCompare(b.id)).slice(0, opts.limit)
  }

  /** Truck and place shifts not checked out: the services tickets may belong to. */
  async services(): Promise<ShiftRecord[]> {
    return (await this.shifts({ all: false, limit: 500 })).filter((s) => s.kind !== 'person')
  }

  /**
   * A shift's tickets and its numbers (null: no such shift), or those of the tickets fired in a
   * period with no shift (none was open, or the node that fired them had not seen one): in no
   * shift's summary, so counted here and none is missing from the numbers. The tickets are read
   * once, for the summary and the export alike.
   */
  async numbers(of: { shift: string } | { outside: OutsidePeriod }): Promise<{ tickets: TicketRecord[]; summary: ShiftSummary } | null> {
    if ('outside' in of) {
      const tickets = (await this.tickets.firedTickets(of.outside.from, of.outside.to)).filter((t) => t.shift === null)
      return { tickets, summary: summarise(null, tickets, of.outside) }
    }
    const shift = await this.shift(of.shift)
    if (shift === null) return null
    const tickets = await this.tickets.ofShift(of.shift)
    return { tickets, summary: summarise(shift, tickets) }
  }
}
