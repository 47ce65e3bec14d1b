import { z } from 'zod'
import { UNITS } from './quantity.js'
import { ScanCode } from './print.js'

/**
 * The catalog and stock vocabulary. Quantities are integer thousandths of the product's unit
 * (see quantity.ts). Catalog changes go into the log in bulk (an import is a few operations of
 * up to 1000 records each, not one per row): multi-writer logs cost far more per operation than
 * per byte.
 */

export const Sku = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,39}$/, 'a SKU is 1-40 letters, digits, . _ - /')
export const LocationCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,23}$/, 'a location code is 1-24 letters, digits, . _ -')
export const LotCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,39}$/, 'a lot is 1-40 letters, digits, . _ - /')
export const Milli = z.number().int().min(-1e12).max(1e12)

export const Product = z.object({
  sku: Sku,
  name: z.string().trim().min(1).max(80),
  unit: z.enum(UNITS),
  barcodes: z.array(ScanCode).max(10),
  /** quality, color, width...: what people search and pick by. */
  attributes: z.record(z.string().min(1).max(24), z.string().max(40)),
})
export type Product = z.infer<typeof Product>

export const StockLocation = z.object({
  code: LocationCode,
  /** What the shelf label carries; the code itself when empty. */
  barcode: ScanCode.nullable(),
  rack: z.string().max(24),
  bin: z.string().max(24),
})
export type StockLocation = z.infer<typeof StockLocation>

export const Partner = z.object({
  code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, 'a partner code is 1-32 letters, digits, . _ -'),
  name: z.string().trim().min(1).max(80),
  kind: z.enum(['customer', 'supplier', 'both']),
})
export type Partner = z.infer<typeof Partner>

export const LEDGER_TYPES = [
  'INCOMING_RECEIPT',
  'STOCK_ADJUSTMENT',
  'ORDER_FULFILLMENT',
  'MANUAL_CORRECTION',
  'RESERVATION_ALLOCATION',
  'RESERVATION_RELEASE',
  'TRANSFER_OUT',
  'TRANSFER_IN',
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
  /** gone or lost: the departure that took it off the balance (a unit leaves once; see fold/units.ts). */
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

/** One CSV row as imported: its line in the file, so the fold's verdict on it can name the line. */
const importRows = <T extends z.ZodType>(record: T) =>
  z
    .array(z.object({ line: z.number().int().min(1), record }))
    .min(1)
    .max(1000)

/**
 * A bulk import: up to 1000 rows of one file. Unlike an upsert, where one bad record refuses the
 * operation, each row is judged on its own in the fold; a refused row is skipped and kept, with
 * its line and reason, in the import's outcome (`ImportOutcome`).
 */
export const CatalogImportPayload = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('products'), source: z.string().min(1).max(200), rows: importRows(Product) }),
  z.object({ kind: z.literal('locations'), source: z.string().min(1).max(200), rows: importRows(StockLocation) }),
  z.object({ kind: z.literal('partners'), source: z.string().min(1).max(200), rows: importRows(Partner) }),
])
export type CatalogImportPayload = z.infer<typeof CatalogImportPayload>

/** What the fold made of one `catalog.import` operation. */
export interface ImportOutcome {
  added: number
  updated: number
  refused: Array<{ line: number; reason: string }>
}
