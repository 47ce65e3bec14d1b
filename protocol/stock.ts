import { z } from 'zod'
import { LocationCode, LotCode, Milli, Product, Sku, StockLocation } from './catalog.js'
import { NumberStyle } from './number-style.js'
import { PrinterId, ScanCode } from './printing.js'
import { REPAIRS_LEDGER_TYPES } from './repairs.js'
import { type MethodSpec, type OperationSpec } from './spec.js'

/** Stock: rolls, the ledger and the balances derived from it. */

/** Each capability that moves stock declares its own ledger types; this list spreads them. */
export const LEDGER_TYPES = [
  'INCOMING_RECEIPT',
  'STOCK_ADJUSTMENT',
  'ORDER_FULFILLMENT',
  'MANUAL_CORRECTION',
  'RESERVATION_ALLOCATION',
  'RESERVATION_RELEASE',
  'TRANSFER_OUT',
  'TRANSFER_IN',
  ...REPAIRS_LEDGER_TYPES,
] as const
export const LedgerType = z.enum(LEDGER_TYPES)

/**
 * Ledger types that move what is reserved rather than what is on hand: a reservation holds stock
 * for an order without moving it.
 */
export const RESERVATION_TYPES: readonly LedgerType[] = ['RESERVATION_ALLOCATION', 'RESERVATION_RELEASE']
export type LedgerType = z.infer<typeof LedgerType>

/** One change of stock: derived balances are sums of these (on hand, and reserved). */
export const LedgerEntry = z.object({
  seq: z.number().int().nonnegative(),
  type: LedgerType,
  sku: Sku,
  lot: LotCode,
  location: LocationCode,
  roll: ScanCode.nullable(),
  milli: Milli,
  /** What caused it: the operation id (and the order, count session... when there is one). */
  source: z.string(),
  /** The repair order a part went into (REPAIR_PART). */
  repair: z.string().optional(),
  person: z.string(),
  node: z.string(),
  at: z.number().int(),
})
export type LedgerEntry = z.infer<typeof LedgerEntry>

/**
 * One recorded departure of a unit from the site's stock: an order's fulfilment, or a count's
 * approval that recorded it missing. Each took the unit's length off its balance once.
 */
export const Departure = z.object({
  /** The operation that recorded it (orders.fulfil or counting.approve): what a resolution names as kept. */
  op: z.string(),
  order: z.string().nullable(),
  count: z.string().nullable(),
  person: z.string(),
  node: z.string(),
})
export type Departure = z.infer<typeof Departure>

/** A roll (or any unit with its own label): where it is, how much is on it. */
export const RollRecord = z.object({
  code: ScanCode,
  sku: Sku,
  lot: LotCode,
  location: LocationCode,
  milli: Milli,
  /** in-stock: on its shelf; picked: taken for an order, not yet gone; gone: left the site; lost: a count missed it. */
  state: z.enum(['in-stock', 'picked', 'gone', 'lost']),
  receivedBy: z.string(),
  /** The order it is held for (in-stock), picked for (picked) or left with (gone); null when none. */
  order: z.string().nullable(),
  /** gone or lost: the departure that took it off the balance (a unit leaves once; see fold/conflict-flags.ts). */
  left: Departure.optional(),
})
export type RollRecord = z.infer<typeof RollRecord>

export const ReceivePayload = z.object({
  sku: Sku,
  lot: LotCode,
  location: LocationCode,
  supplier: z.string().max(32).nullable(),
  /** Each roll with its own code (made by the receiving node) and length. */
  rolls: z
    .array(z.object({ code: ScanCode, milli: Milli.refine((m) => m > 0, 'a roll holds more than zero') }))
    .min(1)
    .max(500),
})

/** On hand (milli) and held for orders (reserved), per product, location and lot. */
export const Balance = z.object({
  sku: z.string(),
  location: z.string(),
  lot: z.string(),
  milli: z.number().int(),
  reserved: z.number().int(),
})

/**
 * Move one roll from the shelf the mover saw it on to another. `from` is what the person saw: two
 * nodes apart that move the same roll both name its old shelf, and the later one in the fold's order
 * finds the roll elsewhere and is refused (kept as rejected, under Conflicts), never applied twice.
 */
export const MovePayload = z.object({ roll: ScanCode, from: LocationCode, to: LocationCode })

export const STOCK_OPERATIONS = {
  'stock.receive': {
    v: 1,
    allowed: ['picker'],
    payload: ReceivePayload,
  },
  'stock.move': {
    v: 1,
    allowed: ['picker'],
    payload: MovePayload,
  },
  /**
   * Undo of a receipt (a person's own mistaken entry): its rolls leave the records, each with a
   * MANUAL_CORRECTION that takes its quantity back. Refused for a roll held, picked, shipped or
   * lost meanwhile, or received by someone else.
   */
  'stock.unreceive': {
    v: 1,
    allowed: ['picker'],
    payload: z.object({ rolls: z.array(ScanCode).min(1).max(500) }),
  },
} as const satisfies Record<string, OperationSpec>

export const STOCK_METHODS = {
  'stock.receive': {
    summary: 'receive rolls of one lot into a location: the rolls get codes, the ledger an INCOMING_RECEIPT each, the printer a label each',
    access: ['picker'],
    params: z
      .object({
        /** The product's SKU or any of its barcodes (what was scanned). */
        product: ScanCode,
        lot: z.string().min(1).max(40),
        /** The location's code or its barcode. */
        location: ScanCode,
        /** How much is on each roll, as typed ("50", "1.720 MT"). */
        quantity: z.string().min(1).max(64),
        /** The number style the quantity was typed in (a terminal set to its own); omitted, the site's. */
        numberStyle: NumberStyle.optional(),
        rolls: z.number().int().min(1).max(500).default(1),
        supplier: z.string().max(32).nullable().default(null),
        /** Where the labels go: a printer id; omitted, the first printer on this node; null, none. */
        printer: PrinterId.nullable().optional(),
      })
      .strict(),
    result: z.object({ ids: z.array(z.string()), rolls: z.array(z.string()), labels: z.number().int(), shown: z.string() }),
  },
  'stock.move': {
    summary:
      'move rolls to another shelf: a TRANSFER_OUT and a TRANSFER_IN each (a held roll takes its reservation along); a picked, shipped or lost roll is refused',
    access: ['picker'],
    params: z
      .object({
        /** The rolls' codes, as scanned; each is one operation, so a refusal after nodes meet touches that roll only. */
        rolls: z.array(ScanCode).min(1).max(200),
        /** The destination shelf: its code or its barcode. */
        to: ScanCode,
      })
      .strict(),
    result: z.object({ ids: z.array(z.string()), to: LocationCode, moved: z.array(z.object({ roll: ScanCode, from: LocationCode })) }),
  },
  'stock.unreceive': {
    summary: 'undo your own receipt: its rolls leave the records (a new operation; refused for a roll held, picked or shipped since)',
    access: ['picker'],
    params: z.object({ rolls: z.array(ScanCode).min(1).max(500) }).strict(),
    result: z.object({ ids: z.array(z.string()) }),
  },
  'stock.rolls': {
    summary: 'rolls, by product and/or location',
    access: 'anyone',
    params: z
      .object({ sku: Sku.optional(), location: z.string().max(24).optional(), limit: z.number().int().min(1).max(5000).default(200) })
      .strict(),
    result: z.array(RollRecord),
  },
  'stock.balances': {
    summary: 'balances per product, location and lot, derived from the ledger',
    access: 'anyone',
    params: z.object({ sku: Sku.optional() }).strict(),
    result: z.array(Balance),
  },
  'stock.ledger': {
    summary: 'the newest ledger entries',
    access: ['manager'],
    params: z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    result: z.array(LedgerEntry),
  },
  'stock.check': {
    summary: 'recompute every balance from the ledger, hold balances against their rolls and orders against rolls, and list any difference',
    access: ['manager'],
    params: z.object({}).strict(),
    result: z.object({
      entries: z.number().int(),
      balances: z.number().int(),
      /** A kept balance against the sum of its ledger entries. */
      differences: z.array(z.object({ key: z.string(), kept: z.number().int(), ledger: z.number().int() })),
      /** A balance (on hand, reserved) against the rolls it counts: in stock or picked there, held there. */
      units: z.array(z.object({ key: z.string(), balance: z.number().int(), rolls: z.number().int() })),
      /** An order and a roll that disagree (held, picked, shipped). */
      orders: z.array(z.object({ order: z.string(), roll: z.string(), problem: z.string() })),
      consistent: z.boolean(),
    }),
  },
  'stock.lookup': {
    summary: 'scan anything (product, roll, location): what it is, its balances and rolls',
    access: 'anyone',
    params: z.object({ code: ScanCode }).strict(),
    result: z.object({
      kind: z.enum(['product', 'location', 'roll']),
      product: Product.nullable(),
      location: StockLocation.nullable(),
      roll: RollRecord.nullable(),
      balances: z.array(Balance),
      rolls: z.array(RollRecord),
    }),
  },
} as const satisfies Record<string, MethodSpec>
