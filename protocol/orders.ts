import { z } from 'zod'
import { ScanCode } from './print.js'
import { Departure, LocationCode, LotCode, Milli, Sku, type Product } from './stock.js'

/**
 * Orders, picking, counting and conflicts: the operations' payloads and the records the view
 * keeps. Every quantity is integer thousandths of the product's unit (quantity.ts).
 */

export const OrderId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,31}$/, 'an order id is 1-32 letters, digits, . _ - /')
export const CountId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'a count session id is 1-40 letters, digits, . _ -')
const Reason = z.string().trim().min(1).max(200)
const Attribute = z.string().trim().min(1).max(40)

/** What an order line asks for: one product, or any product of a quality and colour. */
export const OrderLine = z
  .object({
    sku: Sku.nullable(),
    quality: Attribute.nullable(),
    color: Attribute.nullable(),
    milli: Milli.refine((m) => m > 0, 'an order line asks for more than zero'),
  })
  .refine((l) => l.sku !== null || (l.quality !== null && l.color !== null), 'a line names a product, or a quality and a colour')
export type OrderLine = z.infer<typeof OrderLine>

/** Whether a line takes a product: by SKU, or by quality and colour. The fold, the view and the socket ask it alike. */
export function lineTakes(line: OrderLine, product: Pick<Product, 'sku' | 'attributes'>): boolean {
  if (line.sku !== null) return line.sku === product.sku
  return product.attributes['quality'] === line.quality && product.attributes['color'] === line.color
}

/** The first of the lines that takes the product, or -1 (also for a product the site does not know). */
export function lineServing(lines: readonly OrderLine[], product: Pick<Product, 'sku' | 'attributes'> | null): number {
  return product === null ? -1 : lines.findIndex((line) => lineTakes(line, product))
}

export const OrderCreatePayload = z.object({
  id: OrderId,
  customer: z.string().max(32).nullable(),
  lines: z.array(OrderLine).min(1).max(100),
})

/** The rolls that left with an order: exactly these, for traceability. */
export const FulfilledRoll = z.object({ code: ScanCode, sku: Sku, lot: LotCode, location: LocationCode, milli: Milli })
export type FulfilledRoll = z.infer<typeof FulfilledRoll>

export const ShortPick = z.object({
  line: z.number().int().nonnegative(),
  roll: ScanCode.nullable(),
  reason: z.string(),
  person: z.string(),
})
export type ShortPick = z.infer<typeof ShortPick>

export const OrderRecord = z.object({
  id: OrderId,
  customer: z.string().nullable(),
  lines: z.array(OrderLine),
  state: z.enum(['open', 'fulfilled', 'cancelled']),
  createdBy: z.string(),
  at: z.number().int(),
  /** Rolls in stock held for it (reserved). */
  held: z.array(ScanCode),
  /** Rolls picked for it and not yet gone (in pick order). */
  picked: z.array(ScanCode),
  shorts: z.array(ShortPick),
  fulfilled: z.object({ rolls: z.array(FulfilledRoll), by: z.string(), at: z.number().int() }).nullable(),
  cancelled: z.object({ reason: z.string(), by: z.string() }).nullable(),
})
export type OrderRecord = z.infer<typeof OrderRecord>

export const ORDER_PAYLOADS = {
  create: OrderCreatePayload,
  cancel: z.object({ order: OrderId, reason: Reason }),
  /** rolls: what the node saw leave with the order; each a ledger fact (a delta that sums). */
  fulfil: z.object({ order: OrderId, rolls: z.array(ScanCode).max(2000) }),
  reserve: z.object({ order: OrderId, line: z.number().int().nonnegative(), rolls: z.array(ScanCode).min(1).max(2000) }),
  release: z.object({ order: OrderId, rolls: z.array(ScanCode).min(1).max(2000) }),
  pick: z.object({ order: OrderId, roll: ScanCode, location: LocationCode }),
  short: z.object({ order: OrderId, line: z.number().int().nonnegative(), roll: ScanCode.nullable(), reason: Reason }),
} as const

export const COUNT_PAYLOADS = {
  open: z.object({ session: CountId, location: LocationCode }),
  /** Every scan is kept as scanned, repeats too: a count never loses or merges a scan. */
  scan: z.object({ session: CountId, codes: z.array(ScanCode).min(1).max(500) }),
  /** The variances the manager saw and approved; the fold checks each still holds. */
  approve: z.object({
    session: CountId,
    variances: z.array(z.object({ roll: ScanCode, kind: z.enum(['missing', 'moved-here', 'found']) })).max(5000),
  }),
  cancel: z.object({ session: CountId, reason: Reason }),
} as const

export const CountRecord = z.object({
  id: CountId,
  location: LocationCode,
  state: z.enum(['open', 'approved', 'cancelled']),
  openedBy: z.string(),
  at: z.number().int(),
  scans: z.array(ScanCode),
  decidedBy: z.string().nullable(),
})
export type CountRecord = z.infer<typeof CountRecord>

/** How a count differs from the records: what approval would turn into ledger entries. */
export const CountVariance = z.object({
  roll: ScanCode,
  kind: z.enum(['missing', 'moved-here', 'found', 'unknown']),
  /** Where the records had it (moved-here), or null. */
  from: LocationCode.nullable(),
  sku: Sku.nullable(),
  lot: LotCode.nullable(),
  milli: Milli,
})
export type CountVariance = z.infer<typeof CountVariance>

/** A unit recorded as leaving more than once (SPEC Conflicts rule 3): which unit, and each departure in fold order. */
export const LeftUnit = z.object({
  code: ScanCode,
  sku: Sku,
  lot: LotCode,
  location: LocationCode,
  milli: Milli,
  departures: z.array(Departure).min(2),
})
export type LeftUnit = z.infer<typeof LeftUnit>

/**
 * Something people must look at: an operation the rules rejected after nodes met (a roll picked
 * twice), a balance driven below zero by offline use (flagged, never clamped), or a unit recorded
 * as leaving twice (left-twice: its balance may stay positive, yet no longer equals its rolls).
 */
export const ConflictRecord = z.object({
  id: z.string(),
  kind: z.enum(['rejected', 'negative-balance', 'left-twice']),
  op: z.object({ id: z.string(), type: z.string(), person: z.string(), node: z.string() }),
  reason: z.string(),
  balance: z.object({ sku: Sku, location: LocationCode, lot: LotCode, milli: Milli }).nullable(),
  at: z.number().int(),
  /** left-twice only: the unit and its departures (absent on the other kinds). */
  unit: LeftUnit.optional(),
  resolution: z
    .object({
      by: z.string(),
      note: z.string(),
      correction: Milli.nullable(),
      op: z.string(),
      at: z.number().int(),
      /** left-twice only: the departure that stands (its op id); each other one was booked back. */
      kept: z.string().optional(),
    })
    .nullable(),
})
export type ConflictRecord = z.infer<typeof ConflictRecord>

export const ConflictResolvePayload = z.object({
  conflict: z.string().min(1).max(120),
  note: Reason,
  /** For a negative balance: a MANUAL_CORRECTION of this much at that balance (null: none). */
  correction: Milli.nullable(),
  /**
   * For a unit that left twice: the departure that really happened (its op id); the fold books
   * the others back (null: none, for every other kind). v2 of conflicts.resolve.
   */
  kept: z.string().min(1).max(64).nullable().default(null),
})

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

export const PickItem = z.object({
  roll: ScanCode,
  sku: Sku,
  name: z.string(),
  lot: LotCode,
  location: LocationCode,
  milli: Milli,
  state: z.enum(['to-pick', 'picked']),
  /** The order line it serves (0-based), -1 for none. */
  line: z.number().int(),
})
export type PickItem = z.infer<typeof PickItem>

export const OrderPickList = z.object({
  order: OrderRecord,
  lines: z.array(
    z.object({
      line: z.number().int(),
      /** What the line asks for, as people read it: a SKU, or "quality colour". */
      ask: z.string(),
      ordered: Milli,
      held: Milli,
      picked: Milli,
      shorts: z.number().int(),
    }),
  ),
  items: z.array(PickItem),
})
export type OrderPickList = z.infer<typeof OrderPickList>
