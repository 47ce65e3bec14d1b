import { z } from 'zod'
import { ScanCode } from './printing.js'
import { type MethodSpec } from './spec.js'

/**
 * The site's events in fold order: what the outbox publishes (protocol/webhooks.ts). Most are
 * recorded by the fold (daemon/fold/events.ts); `stock.low` is the sending node's own reading of
 * the balances after an event (daemon/outbox/low-stock.ts), never in the view.
 */

const Limit = z.number().int().min(1).max(1000).default(100)

/** Events the fold records, in fold order. */
export const EVENT_TYPES = [
  'order.created',
  'order.fulfilled',
  'order.cancelled',
  'reservation.created',
  'reservation.released',
  'count.approved',
  // the kitchen (docs/kitchen.md): a ticket fired, ready, served, cancelled; a shift checked in and out
  'ticket.created',
  'ticket.ready',
  'ticket.served',
  'ticket.cancelled',
  'shift.opened',
  'shift.closed',
] as const
export const StockEvent = z.object({
  seq: z.number().int().nonnegative(),
  type: z.enum(EVENT_TYPES),
  /** The order it concerns; '' for an event of no order (count.approved, the kitchen's). */
  order: z.string(),
  rolls: z.array(ScanCode),
  op: z.string(),
  at: z.number().int(),
  /**
   * Which of its operation's events this is (0, 1, ...): with the operation id, the event's id
   * on every node and after any reorder of the log (the outbox's webhook-id). Absent on events
   * recorded before it existed: read as 0 plus the seq.
   */
  n: z.number().int().nonnegative().optional(),
  /** count.approved: the count session and its location. */
  count: z.string().optional(),
  location: z.string().optional(),
  /** ticket.*: the ticket; ticket.* and shift.*: the shift (null: a ticket of no shift). */
  ticket: z.string().optional(),
  shift: z.string().nullable().optional(),
  /** ticket.cancelled: why, as typed. */
  reason: z.string().optional(),
})
export type StockEvent = z.infer<typeof StockEvent>

/** The stable id of an event: its operation and its place among that operation's events. */
export function eventId(event: Pick<StockEvent, 'op' | 'n' | 'seq'>): string {
  return `evt_${event.op}_${event.n ?? `s${event.seq}`}`
}

export const EVENTS_METHODS = {
  'events.list': {
    summary: 'the site events in fold order, after a sequence number (what the outbox publishes; a cursor for reconciling)',
    access: ['manager', 'integration'],
    params: z.object({ afterSeq: z.number().int().min(-1).default(-1), limit: Limit }).strict(),
    result: z.array(StockEvent),
  },
} as const satisfies Record<string, MethodSpec>
