import { z } from 'zod'
import { LocationCode, LotCode, Milli, Sku } from './catalog.js'
import { OrderId, OrderRecord, Reason } from './orders.js'
import { ScanCode } from './printing.js'
import { RollRecord } from './stock.js'
import { Appended, type MethodSpec, type OperationSpec } from './spec.js'

/** Picking an order's rolls off the shelves, by its pick list, and short picks. */

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

export const PICKING_OPERATIONS = {
  'picking.scan': { v: 1, allowed: ['picker'], payload: z.object({ order: OrderId, roll: ScanCode, location: LocationCode }) },
  'picking.short': {
    v: 1,
    allowed: ['picker'],
    payload: z.object({ order: OrderId, line: z.number().int().nonnegative(), roll: ScanCode.nullable(), reason: Reason }),
  },
  /** Undo of a pick (a person's mistaken scan): the roll goes back on its shelf, not held; refused once the order shipped. */
  'picking.unpick': { v: 1, allowed: ['picker'], payload: z.object({ order: OrderId, roll: ScanCode }) },
} as const satisfies Record<string, OperationSpec>

export const PICKING_METHODS = {
  'picking.list': {
    summary: "an order's rolls to pick and picked, sorted by location, and how each line stands",
    access: 'anyone',
    params: z.object({ order: OrderId }).strict(),
    result: OrderPickList,
  },
  'picking.scan': {
    summary: 'pick a roll for an order: the scanned location and roll; a wrong, foreign or picked roll is refused',
    access: ['picker'],
    params: z.object({ order: OrderId, location: ScanCode, roll: ScanCode }).strict(),
    result: z.object({ ids: z.array(z.string()), roll: RollRecord, shown: z.string(), line: z.number().int() }),
  },
  'picking.short': {
    summary: 'record a short pick on an order line (a held roll not found, or not enough stock)',
    access: ['picker'],
    params: z
      .object({
        order: OrderId,
        line: z.number().int().nonnegative(),
        roll: ScanCode.nullable().default(null),
        reason: z.string().trim().min(1).max(200),
      })
      .strict(),
    result: Appended,
  },
  'picking.unpick': {
    summary: 'undo a pick: the roll goes back on its shelf (a new operation; refused once the order shipped)',
    access: ['picker'],
    params: z.object({ order: OrderId, roll: ScanCode }).strict(),
    result: Appended,
  },
} as const satisfies Record<string, MethodSpec>
