import { z } from 'zod'
import { LocationCode, LotCode, Milli, Sku, type Product } from './catalog.js'
import { ScanCode } from './printing.js'
import { Appended, type MethodSpec, type OperationSpec } from './spec.js'

/**
 * Orders and the rolls held for them (reservations). Every quantity is integer thousandths of the
 * product's unit (quantity.ts).
 */

export const OrderId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,31}$/, 'an order id is 1-32 letters, digits, . _ - /')
/** Why a person did something (a cancel, a short pick): one line. */
export const Reason = z.string().trim().min(1).max(200)
const Attribute = z.string().trim().min(1).max(40)
const Limit = z.number().int().min(1).max(1000).default(100)
const Typed = z.string().min(1).max(64)

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

export const ORDERS_OPERATIONS = {
  'orders.create': { v: 1, allowed: ['manager', 'integration'], payload: OrderCreatePayload },
  'orders.cancel': { v: 1, allowed: ['manager'], payload: z.object({ order: OrderId, reason: Reason }) },
  /** rolls: what the node saw leave with the order; each a ledger fact (a delta that sums). */
  'orders.fulfil': { v: 1, allowed: ['picker'], payload: z.object({ order: OrderId, rolls: z.array(ScanCode).max(2000) }) },
  'orders.reserve': {
    v: 1,
    allowed: ['manager', 'integration'],
    payload: z.object({ order: OrderId, line: z.number().int().nonnegative(), rolls: z.array(ScanCode).min(1).max(2000) }),
  },
  'orders.release': { v: 1, allowed: ['manager'], payload: z.object({ order: OrderId, rolls: z.array(ScanCode).min(1).max(2000) }) },
} as const satisfies Record<string, OperationSpec>

export const ORDERS_METHODS = {
  'orders.create': {
    summary: 'create an order; by default its lines get rolls held for them (oldest location first)',
    access: ['manager'],
    params: z
      .object({
        id: OrderId.optional(),
        customer: z.string().max(32).nullable().default(null),
        lines: z
          .array(
            z
              .object({ product: ScanCode.optional(), quality: Attribute.optional(), color: Attribute.optional(), quantity: Typed })
              .strict(),
          )
          .min(1)
          .max(100),
        reserve: z.boolean().default(true),
      })
      .strict(),
    result: z.object({
      id: OrderId,
      ids: z.array(z.string()),
      held: z.number().int(),
      /** Lines whose held rolls fall short of what was ordered, and by how much. */
      unheld: z.array(z.object({ line: z.number().int(), milli: z.number().int() })),
    }),
  },
  'orders.list': {
    summary: 'orders, optionally in one state',
    access: 'anyone',
    params: z.object({ state: z.enum(['open', 'fulfilled', 'cancelled']).optional(), limit: Limit }).strict(),
    result: z.array(OrderRecord),
  },
  'orders.reserve': {
    summary: 'hold rolls for an order line',
    access: ['manager'],
    params: z.object({ order: OrderId, line: z.number().int().nonnegative(), rolls: z.array(ScanCode).min(1).max(2000) }).strict(),
    result: Appended,
  },
  'orders.release': {
    summary: 'stop holding rolls for an order',
    access: ['manager'],
    params: z.object({ order: OrderId, rolls: z.array(ScanCode).min(1).max(2000) }).strict(),
    result: Appended,
  },
  'orders.fulfil': {
    summary: 'the picked rolls leave with the order: an ORDER_FULFILLMENT each, the rest released',
    access: ['picker'],
    params: z.object({ order: OrderId }).strict(),
    result: z.object({ ids: z.array(z.string()), rolls: z.array(ScanCode) }),
  },
  'orders.cancel': {
    summary: 'cancel an open order: its rolls are released and picked ones go back',
    access: ['manager'],
    params: z.object({ order: OrderId, reason: z.string().trim().min(1).max(200) }).strict(),
    result: Appended,
  },
} as const satisfies Record<string, MethodSpec>
