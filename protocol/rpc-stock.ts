import { z } from 'zod'
import { PrinterId, ScanCode } from './print.js'
import { NumberStyle } from './number-style.js'
import { UNITS } from './quantity.js'
import { LedgerEntry, Partner, Product, RollRecord, Sku, StockLocation } from './stock.js'

const Appended = z.object({ ids: z.array(z.string()) })
/** On hand (milli) and held for orders (reserved), per product, location and lot. */
export const Balance = z.object({
  sku: z.string(),
  location: z.string(),
  lot: z.string(),
  milli: z.number().int(),
  reserved: z.number().int(),
})

/** Stock's socket methods (spread into METHODS). */
export const STOCK_METHODS = {
  'quantity.parse': {
    summary: 'read a typed quantity ("1.720 MT", "10,5") the one way every screen reads it, or say why not',
    access: 'anyone',
    params: z
      .object({
        text: z.string().max(64),
        unit: z.enum(UNITS),
        allowNegative: z.boolean().default(false),
        allowZero: z.boolean().default(false),
        /** Read in this number style (a terminal set to its own); omitted, in the site's. */
        style: NumberStyle.optional(),
      })
      .strict(),
    /** shown: written in the style it was read in; style: that style (null: the site has none). */
    result: z.object({ milli: z.number().int(), unit: z.enum(UNITS), shown: z.string(), style: NumberStyle.nullable() }),
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
} as const
