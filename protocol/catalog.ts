import { z } from 'zod'
import { UNITS } from './quantity.js'
import { ScanCode } from './printing.js'
import { FieldEdit, Source } from './fields.js'
import { Appended, type MethodSpec, type OperationSpec } from './spec.js'

/**
 * The catalog: products, locations and partners, and the codes stock is kept by. Catalog changes
 * go into the log in bulk (an import is a few operations of up to 1000 records each, not one per
 * row): multi-writer logs cost far more per operation than per byte. Quantities are integer
 * thousandths of the product's unit (see quantity.ts).
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

/**
 * v2 of an upsert (field-level merge, daemon/fold/field-merge.ts): `edits[i]` says which fields of
 * the i-th record this edit sets and which values it saw there; absent or null, the record is
 * set whole (as v1 did). `source` is the node's source role, for concurrent edits of one field.
 */
const EDITS = { edits: z.array(FieldEdit.nullable()).max(1000).optional(), source: Source.optional() }

export const CATALOG_OPERATIONS = {
  'catalog.products.upsert': {
    v: 2,
    allowed: ['manager', 'integration'],
    payload: z.object({ products: z.array(Product).min(1).max(1000), ...EDITS }),
  },
  'catalog.locations.upsert': {
    v: 2,
    allowed: ['manager'],
    payload: z.object({ locations: z.array(StockLocation).min(1).max(1000), ...EDITS }),
  },
  'catalog.partners.upsert': {
    v: 2,
    allowed: ['manager', 'integration'],
    payload: z.object({ partners: z.array(Partner).min(1).max(1000), ...EDITS }),
  },
  'catalog.import': {
    v: 1,
    allowed: ['manager'],
    payload: CatalogImportPayload,
  },
} as const satisfies Record<string, OperationSpec>

/** What a search by name found: a product or a location (catalog.find). */
export const CatalogMatch = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('product'), product: Product }),
  z.object({ kind: z.literal('location'), location: StockLocation }),
])
export type CatalogMatch = z.infer<typeof CatalogMatch>

export const CATALOG_METHODS = {
  'catalog.partners': {
    summary:
      'customers and suppliers by code (the names screens show instead of codes), or whose name or code holds `text`, case-insensitively (at most `limit`)',
    access: 'anyone',
    params: z
      .object({
        codes: z.array(z.string().max(32)).max(200).default([]),
        text: z.string().trim().min(1).max(80).optional(),
        limit: z.number().int().min(1).max(50).default(10),
      })
      .strict(),
    result: z.array(Partner),
  },
  'catalog.find': {
    summary: 'products and locations whose name, code, barcode or attributes hold the text, case-insensitively (at most `limit`)',
    access: 'anyone',
    params: z.object({ text: z.string().trim().min(1).max(80), limit: z.number().int().min(1).max(50).default(10) }).strict(),
    result: z.array(CatalogMatch),
  },
  'catalog.upsert': {
    summary: 'add or update products, locations and partners (up to 1000 of each per call; one operation each)',
    access: ['manager'],
    params: z
      .object({
        products: z.array(Product).max(1000).default([]),
        locations: z.array(StockLocation).max(1000).default([]),
        partners: z.array(Partner).max(1000).default([]),
      })
      .strict(),
    result: Appended,
  },
  'catalog.import': {
    summary:
      'import catalog rows (from a CSV file, up to 1000 per call and within the frame limit): good rows land, each bad row comes back with its line and reason',
    access: ['manager'],
    params: z
      .object({
        kind: z.enum(['products', 'locations', 'partners']),
        /** The file the rows come from, kept with the import in the log (its name, not its path). */
        source: z.string().min(1).max(200).default('socket'),
        rows: z.array(z.object({ line: z.number().int().positive(), record: z.unknown() })).max(1000),
      })
      .strict(),
    result: z.object({
      added: z.number().int(),
      updated: z.number().int(),
      bad: z.array(z.object({ line: z.number().int(), reason: z.string() })),
    }),
  },
} as const satisfies Record<string, MethodSpec>
