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

  async summary(id: string): Promise<ShiftSummary | null> {
    const shift = await this.shift(id)
    return shift === null ? null : summarise(shift, await this.tickets.ofShift(id))
  }

  /**
   * Tickets fired in `period` with no shift (none was open, or the node that fired them had not
   * seen one): in no shift's summary, so counted here and none is missing from the numbers.
   */
  async outside(period: OutsidePeriod): Promise<TicketRecord[]> {
    return (await this.tickets.firedTickets(period.from, period.to)).filter((t) => t.shift === null)
  }

  async outsideSummary(period: OutsidePeriod): Promise<ShiftSummary> {
    return summarise(null, await this.outside(period), period)
  }
}
