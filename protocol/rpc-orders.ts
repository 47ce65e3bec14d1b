import { z } from 'zod'
import { ScanCode } from './print.js'
import { ConflictRecord, CountId, CountRecord, CountVariance, OrderId, OrderRecord, OrderPickList, StockEvent } from './orders.js'
import { Milli, Product, RollRecord, StockLocation } from './stock.js'
import { Balance } from './rpc-stock.js'

const Appended = z.object({ ids: z.array(z.string()) })
const Attribute = z.string().trim().min(1).max(40)
const Typed = z.string().min(1).max(64)
const Limit = z.number().int().min(1).max(1000).default(100)

/** Orders, picking, counting, stock lookup and conflicts: socket methods (spread into METHODS). */
export const ORDER_METHODS = {
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
  'picking.list': {
    summary: "an order's rolls to pick and picked, sorted by location, and how each line stands",
    access: 'anyone',
    params: z.object({ order: OrderId }).strict(),
    result: OrderPickList,
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
  'counting.open': {
    summary: 'open a count session at a location (scanned or typed)',
    access: ['picker'],
    params: z.object({ location: ScanCode }).strict(),
    result: z.object({ ids: z.array(z.string()), session: CountId, location: z.string() }),
  },
  'counting.scan': {
    summary: 'add scans to a count session; every scan is kept, repeats too',
    access: ['picker'],
    params: z.object({ session: CountId, codes: z.array(ScanCode).min(1).max(500) }).strict(),
    result: z.object({ ids: z.array(z.string()), scans: z.number().int() }),
  },
  'counting.get': {
    summary: 'a count session and how it differs from the records now',
    access: 'anyone',
    params: z.object({ session: CountId }).strict(),
    result: z.object({ count: CountRecord, variances: z.array(CountVariance) }),
  },
  'counting.list': {
    summary: 'count sessions, newest first',
    access: 'anyone',
    params: z.object({ limit: Limit }).strict(),
    result: z.array(CountRecord),
  },
  'counting.approve': {
    summary: 'a manager approves a count: its variances become STOCK_ADJUSTMENT (and transfers for rolls found elsewhere)',
    access: ['manager'],
    params: z.object({ session: CountId }).strict(),
    result: z.object({ ids: z.array(z.string()), adjusted: z.number().int() }),
  },
  'counting.cancel': {
    summary: 'drop a count session; nothing is adjusted',
    access: ['picker'],
    params: z.object({ session: CountId, reason: z.string().trim().min(1).max(200) }).strict(),
    result: Appended,
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
  'conflicts.list': {
    summary: 'what the rules rejected after nodes met, and balances below zero',
    access: 'anyone',
    params: z.object({ open: z.boolean().default(true), limit: Limit }).strict(),
    result: z.array(ConflictRecord),
  },
  'conflicts.resolve': {
    summary:
      'a manager settles a conflict with a note; a negative balance may take a correction (typed, or exact in thousandths); a unit that left twice names what really got it (kept)',
    access: ['manager'],
    params: z
      .object({
        conflict: z.string().min(1).max(120),
        note: z.string().trim().min(1).max(200),
        /** As a person typed it, or exact from a program ({ milli }): typed text cannot say every amount unambiguously. */
        correction: z
          .union([Typed, z.object({ milli: Milli }).strict()])
          .nullable()
          .default(null),
        /** A unit that left twice: the order that really got it (its id), or the count that recorded it missing (session id). */
        kept: z.string().trim().min(1).max(64).nullable().default(null),
      })
      .strict(),
    result: Appended,
  },
  'events.list': {
    summary: 'order and reservation events in fold order, after a sequence number (what the outbox publishes)',
    access: ['manager'],
    params: z.object({ afterSeq: z.number().int().min(-1).default(-1), limit: Limit }).strict(),
    result: z.array(StockEvent),
  },
} as const
