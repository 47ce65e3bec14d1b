import { z } from 'zod'
import { Milli, Sku } from './catalog.js'
import { UNITS } from './quantity.js'
import { type MethodSpec } from './spec.js'

/**
 * A manager's overview: what happened today, what is open, what runs low, who did what lately,
 * and how stock moved per day. Read-only: it adds no operation, only a reader that aggregates.
 */

/** One day's stock movements, counted in ledger entries of rolls (units differ, counts add up). */
export const MovementDay = z.object({
  /** The day, in the caller's time zone: YYYY-MM-DD. */
  day: z.string(),
  received: z.number().int(),
  shipped: z.number().int(),
  moved: z.number().int(),
  /** Count approvals and manual corrections. */
  adjusted: z.number().int(),
})
export type MovementDay = z.infer<typeof MovementDay>

export const ActivityItem = z.object({
  at: z.number().int(),
  person: z.string(),
  /** The person's name where the view knows it (the id otherwise). */
  name: z.string(),
  /** The node's name where the view knows it (a key prefix otherwise). */
  node: z.string(),
  type: z.string(),
  /** What was done, in a few words ("moved a roll"). */
  what: z.string(),
  status: z.enum(['applied', 'rejected']),
  reason: z.string().optional(),
  /** Consecutive operations of the same kind by the same person on the same node, told once (a move of 20 rolls is 20 operations). */
  count: z.number().int().positive(),
})
export type ActivityItem = z.infer<typeof ActivityItem>

export const LowStock = z.object({
  sku: Sku,
  name: z.string(),
  unit: z.enum(UNITS),
  /** On hand less what is held for orders. */
  free: z.number().int(),
  /** Below this is low: the product's `min` attribute, or 10 of its unit. */
  below: Milli,
})
export type LowStock = z.infer<typeof LowStock>

export const Overview = z.object({
  today: z.object({
    day: z.string(),
    receivedRolls: z.number().int(),
    picks: z.number().int(),
    shippedOrders: z.number().int(),
    shippedRolls: z.number().int(),
    movedRolls: z.number().int(),
  }),
  openOrders: z.number().int(),
  openConflicts: z.number().int(),
  low: z.array(LowStock),
  activity: z.array(ActivityItem),
  days: z.array(MovementDay),
  /** The ledger and audit entries read; true when a read stopped at its cap before the window's start. */
  read: z.object({ ledger: z.number().int(), audit: z.number().int(), capped: z.boolean() }),
})
export type Overview = z.infer<typeof Overview>

export const OVERVIEW_METHODS = {
  'overview.get': {
    summary:
      "a manager's overview: today's receipts, picks and shipments, open orders and conflicts, low stock, recent activity, movements per day",
    access: ['manager'],
    params: z
      .object({
        days: z.number().int().min(1).max(31).default(7),
        /** The caller's time zone as Date.getTimezoneOffset() gives it (minutes): days start at its midnight. */
        tzOffset: z.number().int().min(-840).max(840).default(0),
        activity: z.number().int().min(1).max(50).default(10),
        /** The moment "today" is read at (ms); omitted, the daemon's clock. For tests and for looking back. */
        now: z.number().int().nonnegative().optional(),
      })
      .strict(),
    result: Overview,
  },
} as const satisfies Record<string, MethodSpec>
