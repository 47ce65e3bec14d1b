import { z } from 'zod'
import { entered } from './entered-text.js'
import { ONE_EDIT } from './fields.js'
import { Appended, type MethodSpec, type OperationSpec } from './spec.js'
import { StationId } from './stations.js'

/**
 * What the kitchen sells: menu items (each routed to a station), their availability windows,
 * specials for one shift, per-shift stock and out-of-stock marks, and the throttle per station.
 * Entry (tickets.fire) refuses what is out, outside its window, or over the throttle; the fold
 * counts stock down and flags a sale past the last portion as oversold (never silently negative).
 */

export const MenuItemId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,31}$/, 'a menu item id is 1-32 lower-case letters, digits, . _ -')
export const ShiftId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'a shift id is 1-32 letters, digits, _ -')
/** Prices in the smallest unit of the money (cents, kuruş): sums are exact on every node. */
export const Cents = z.number().int().min(0).max(100_000_000)
const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:MM (24 h)')

/** When an item is served, in the node's local time: "breakfast 07:00-11:00". */
export const Window = z.object({ name: z.string().trim().min(1).max(24), from: HhMm, to: HhMm })
export type Window = z.infer<typeof Window>

export const MenuItemRecord = z.object({
  id: MenuItemId,
  /** What the counter types (menu number); unique among items on sale. */
  number: z.number().int().min(1).max(9999),
  name: z.string(),
  category: z.string(),
  price: Cents,
  station: StationId,
  /** Empty: all day. */
  windows: z.array(Window),
  /** A special: on sale only in this shift (null: a regular item). */
  shift: ShiftId.nullable(),
  /** Off the menu (kept, so old tickets still name it). */
  retired: z.boolean(),
})
export type MenuItemRecord = z.infer<typeof MenuItemRecord>

/** An item's standing in one shift: stock set for it, sold so far, marked out. */
export const ItemShiftRecord = z.object({
  shift: ShiftId,
  item: MenuItemId,
  /** Portions for the shift (null: not counted). */
  portions: z.number().int().nullable(),
  /** Portions sold by tickets in the shift (cancelled tickets give theirs back). */
  sold: z.number().int(),
  out: z.boolean(),
})
export type ItemShiftRecord = z.infer<typeof ItemShiftRecord>

/** What the counter sees of an item now: on sale, and how many are left. */
export const MenuEntry = MenuItemRecord.extend({
  /** Portions left in the shift (null: not counted); below zero only when oversold. */
  left: z.number().int().nullable(),
  out: z.boolean(),
  /** Why it cannot be sold now (out of stock, outside its window), or null. */
  refused: z.string().nullable(),
})
export type MenuEntry = z.infer<typeof MenuEntry>

/** The most a station's throttle takes (open tickets, tickets per slot), and an item's portions per shift. */
export const MAX_THROTTLE = 999
export const MAX_PORTIONS = 100_000

/** How much a station takes (null: no limit): open tickets at once, and tickets per 15-minute slot. */
export const ThrottleRecord = z.object({
  station: StationId,
  open: z.number().int().min(1).max(MAX_THROTTLE).nullable(),
  perSlot: z.number().int().min(1).max(MAX_THROTTLE).nullable(),
})
export type ThrottleRecord = z.infer<typeof ThrottleRecord>
export const SLOT_MS = 15 * 60_000

const ItemPayload = z.object({
  id: MenuItemId,
  number: z.number().int().min(1).max(9999),
  name: z.string().trim().min(1).max(60),
  category: z.string().trim().min(1).max(40),
  price: Cents,
  station: StationId,
  windows: z.array(Window).max(6).default([]),
  shift: ShiftId.nullable().default(null),
  retired: z.boolean().default(false),
})

const StockPayload = z.object({ shift: ShiftId, item: MenuItemId, portions: z.number().int().min(0).max(MAX_PORTIONS).nullable() })
const OutPayload = z.object({ shift: ShiftId, item: MenuItemId, out: z.boolean() })

export const MENU_OPERATIONS = {
  /** v2: field-level merge (ONE_EDIT): an item edited on two nodes apart keeps both nodes' fields. */
  'menu.set': { v: 2, allowed: ['manager'], payload: ItemPayload.extend(ONE_EDIT) },
  'menu.throttle': { v: 1, allowed: ['kitchen'], payload: ThrottleRecord },
  'menu.stock': { v: 1, allowed: ['kitchen'], payload: StockPayload },
  'menu.out': { v: 1, allowed: ['kitchen'], payload: OutPayload },
} as const satisfies Record<string, OperationSpec>

/** A shift named, or the one open service shift (a truck or place checked in) when omitted. */
const ShiftParam = ShiftId.optional()

export const MENU_METHODS = {
  'menu.set': {
    summary: 'add or change a menu item: number, name, category, price (in cents), station, windows; a special names its shift',
    access: ['manager'],
    // the names are checked here, not in the payload: old logs fold as they were written
    params: ItemPayload.extend({ name: entered(60), category: entered(40) }).strict(),
    result: Appended,
  },
  'menu.list': {
    summary: 'the menu as the counter sees it in a shift: left, out, and why an item cannot be sold now',
    access: 'anyone',
    params: z.object({ shift: ShiftParam, all: z.boolean().default(false) }).strict(),
    result: z.object({ shift: ShiftId.nullable(), items: z.array(MenuEntry) }),
  },
  'menu.throttle': {
    summary: 'how many open tickets and tickets per 15-minute slot a station takes (null: no limit)',
    access: ['kitchen'],
    params: ThrottleRecord.strict(),
    result: Appended,
  },
  'menu.throttles': {
    summary: "every station's throttle (null: no limit) and how full it is now",
    access: 'anyone',
    params: z.object({}).strict(),
    result: z.array(ThrottleRecord.extend({ openNow: z.number().int(), inSlot: z.number().int(), slotEnds: z.number().int() })),
  },
  'menu.stock': {
    summary: 'set the portions of an item for a shift (null: not counted)',
    access: ['kitchen'],
    params: z
      .object({ shift: ShiftParam, item: z.string().min(1).max(32), portions: z.number().int().min(0).max(MAX_PORTIONS).nullable() })
      .strict(),
    result: Appended,
  },
  'menu.out': {
    summary: 'mark an item out of stock for a shift (or back in)',
    access: ['kitchen'],
    params: z.object({ shift: ShiftParam, item: z.string().min(1).max(32), out: z.boolean().default(true) }).strict(),
    result: Appended,
  },
} as const satisfies Record<string, MethodSpec>
