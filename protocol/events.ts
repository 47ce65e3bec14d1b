import { z } from 'zod'
import { OrderId } from './orders.js'
import { ScanCode } from './printing.js'
import { type MethodSpec } from './spec.js'

/** Order and reservation events in fold order: what the outbox will publish. */

const Limit = z.number().int().min(1).max(1000).default(100)

/** What the outbox will publish: order and reservation events, in fold order. */
export const EVENT_TYPES = ['order.created', 'order.fulfilled', 'order.cancelled', 'reservation.created', 'reservation.released'] as const
export const StockEvent = z.object({
  seq: z.number().int().nonnegative(),
  type: z.enum(EVENT_TYPES),
  order: OrderId,
  rolls: z.array(ScanCode),
  op: z.string(),
  at: z.number().int(),
})
export type StockEvent = z.infer<typeof StockEvent>

export const EVENTS_METHODS = {
  'events.list': {
    summary: 'order and reservation events in fold order, after a sequence number (what the outbox publishes)',
    access: ['manager'],
    params: z.object({ afterSeq: z.number().int().min(-1).default(-1), limit: Limit }).strict(),
    result: z.array(StockEvent),
  },
} as const satisfies Record<string, MethodSpec>
