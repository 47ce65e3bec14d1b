import { z } from 'zod'
import { entered } from './entered-text.js'
import { Cents, MenuItemId, ShiftId } from './menu.js'
import { Appended, type MethodSpec, type OperationSpec } from './spec.js'
import { StationId } from './stations.js'

/**
 * Kitchen tickets. A ticket is an operation in the log, so every station screen of the site shows
 * it whichever node it was entered on. States: new -> in-progress -> ready -> served; held (a flag:
 * the ticket keeps its state, nothing is bumped while held); cancelled with a reason. Items are
 * routed to their menu item's station; a station bumps its items, and the ticket is ready when
 * every station is done. Items added to an open ticket are a new part, shown and printed alone.
 * Guards are in the fold: a bump on a ticket cancelled on another node is rejected on every node
 * and listed under Conflicts.
 */

export const TicketId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'a ticket id is 1-32 letters, digits, _ -')
export const TICKET_STATES = ['new', 'in-progress', 'ready', 'served', 'cancelled'] as const
export type TicketState = (typeof TICKET_STATES)[number]
export const TICKET_SOURCES = ['counter', 'phone', 'integration'] as const
/** Allergy flags: lower-case words ("gluten", "nuts"); a chit prints them loud. */
export const Allergy = z.string().regex(/^[a-z][a-z -]{0,23}$/, 'an allergy flag is a lower-case word')

const Modifiers = z.array(z.string().trim().min(1).max(60)).max(12)
const ItemNote = z.string().trim().min(1).max(200)

/** An item as the fold keeps it: what was sold (name, price as charged) and where it is made. */
export const TicketItem = z.object({
  item: MenuItemId,
  name: z.string().min(1).max(60),
  qty: z.number().int().min(1).max(99),
  modifiers: Modifiers,
  note: ItemNote.nullable(),
  allergies: z.array(Allergy).max(14),
  /** 1 fires first (starters), then 2, ... */
  course: z.number().int().min(1).max(9),
  station: StationId,
  /** Cents for one. */
  price: Cents,
})
export type TicketItem = z.infer<typeof TicketItem>

/** An item's progress: bumped by its station (null while to make). */
export const ItemState = TicketItem.extend({ done: z.object({ by: z.string(), at: z.number().int(), op: z.string() }).nullable() })
export type ItemState = z.infer<typeof ItemState>

/** The first items of a ticket are part 0; each tickets.add makes the next part. */
export const TicketPart = z.object({
  n: z.number().int().nonnegative(),
  items: z.array(ItemState),
  fired: z.number().int(),
  by: z.string(),
  node: z.string(),
  op: z.string(),
})
export type TicketPart = z.infer<typeof TicketPart>

export const TicketRecord = z.object({
  id: TicketId,
  source: z.enum(TICKET_SOURCES),
  /** Name or table, as the chit shows it: "table 4", "Ana". */
  label: z.string(),
  note: z.string().nullable(),
  shift: ShiftId.nullable(),
  state: z.enum(TICKET_STATES),
  held: z.object({ by: z.string(), at: z.number().int() }).nullable(),
  parts: z.array(TicketPart),
  /** Bumps in fold order (what recall undoes): the station and the items [part, index] it finished. */
  bumps: z.array(
    z.object({
      station: StationId,
      items: z.array(z.tuple([z.number().int(), z.number().int()])),
      by: z.string(),
      at: z.number().int(),
      op: z.string(),
      /** The node that bumped (absent on bumps folded before it was kept): a conflict names it. */
      node: z.string().optional(),
    }),
  ),
  /** ms of the clocks that made each step; ready and served are cleared by a recall. */
  fired: z.number().int(),
  started: z.number().int().nullable(),
  ready: z.number().int().nullable(),
  served: z.number().int().nullable(),
  cancelled: z.object({ reason: z.string(), by: z.string(), at: z.number().int(), node: z.string() }).nullable(),
  recalls: z.number().int(),
  /** Its place in the served list (the recall rule's last 50), while served. */
  servedN: z.number().int().nullable(),
  /** The operation that served it, while served (absent before it was kept): a cancel that did not see it undoes it. */
  servedBy: z.object({ op: z.string(), type: z.string(), person: z.string(), node: z.string() }).nullable().optional(),
  /**
   * Holds and resumes in fold order (absent on tickets folded before it was kept): a cancel that
   * did not see one undoes it, as it does a bump (daemon/fold/ticket-cancel.ts).
   */
  holds: z
    .array(
      z.object({
        op: z.string(),
        type: z.enum(['tickets.hold', 'tickets.resume']),
        by: z.string(),
        at: z.number().int(),
        node: z.string(),
      }),
    )
    .optional(),
  /** Items sold past the shift's last portion (or after being marked out): listed under Conflicts. */
  oversold: z.array(MenuItemId),
  /** The view's operation count when it last changed: a board redraws tickets with a higher one. */
  seq: z.number().int(),
})
export type TicketRecord = z.infer<typeof TicketRecord>

/** What still has to be made, per menu item (held, served and cancelled tickets left out). */
export const AllDayLine = z.object({ item: MenuItemId, name: z.string(), station: StationId, qty: z.number().int() })
export type AllDayLine = z.infer<typeof AllDayLine>

/** A served ticket may be recalled within this long, or while it is among the last RECALL_LAST served. */
export const RECALL_WINDOW_MS = 15 * 60_000
export const RECALL_LAST = 50

const TicketOf = z.object({ ticket: TicketId })
const Items = z.array(TicketItem).min(1).max(60)

export const TICKETS_OPERATIONS = {
  'tickets.fire': {
    v: 1,
    allowed: ['kitchen'],
    payload: z.object({
      id: TicketId,
      source: z.enum(TICKET_SOURCES),
      label: z.string().trim().min(1).max(40),
      note: z.string().trim().min(1).max(400).nullable(),
      shift: ShiftId.nullable(),
      items: Items,
    }),
  },
  'tickets.add': { v: 1, allowed: ['kitchen'], payload: TicketOf.extend({ items: Items }) },
  'tickets.start': { v: 1, allowed: ['kitchen'], payload: TicketOf.extend({ station: StationId }) },
  'tickets.bump': { v: 1, allowed: ['kitchen'], payload: TicketOf.extend({ station: StationId }) },
  'tickets.serve': { v: 1, allowed: ['kitchen'], payload: TicketOf },
  'tickets.hold': { v: 1, allowed: ['kitchen'], payload: TicketOf },
  'tickets.resume': { v: 1, allowed: ['kitchen'], payload: TicketOf },
  /**
   * seen: the ticket's bumps, serve, holds and resumes (operation ids) the cancelling node had
   * folded. One not among them was made on another node apart: the cancel wins and it is rejected, the
   * same as when the cancel folds first (order-independent; daemon/fold/ticket-cancel.ts). Absent
   * on cancels made before it was kept: those fold as they always did.
   */
  'tickets.cancel': {
    v: 1,
    allowed: ['kitchen'],
    payload: TicketOf.extend({ reason: z.string().trim().min(1).max(80), seen: z.array(z.string().max(64)).max(1000).optional() }),
  },
  /**
   * station null: a served ticket back to ready; a station: its bump named by `bump` (the bump's
   * operation id) undone, or without one (v1 recalls, made before it was kept), the station's last bump
   * on the ticket in fold order, which may be one another node made apart (issue #17).
   */
  'tickets.recall': {
    // v2: `bump`. A node of v1 would drop it and undo another bump than this node does, so the
    // views would part; a v2 recall halts it instead, until it is upgraded
    v: 2,
    allowed: ['kitchen'],
    payload: TicketOf.extend({ station: StationId.nullable(), bump: z.string().min(1).max(64).optional() }),
  },
  /** Bulk advance at close: the named tickets that are ready are served (others are left as they are). */
  'tickets.advance': { v: 1, allowed: ['kitchen'], payload: z.object({ tickets: z.array(TicketId).min(1).max(1000) }) },
} as const satisfies Record<string, OperationSpec>

/** An item as the counter enters it: a menu item by id or number. */
export const EnteredItem = z
  .object({
    item: z.union([MenuItemId, z.number().int().min(1).max(9999)]),
    qty: z.number().int().min(1).max(99).default(1),
    modifiers: z.array(entered(60)).max(12).default([]),
    note: entered(200).optional(),
    allergies: z.array(Allergy).max(14).default([]),
    course: z.number().int().min(1).max(9).default(1),
  })
  .strict()
export type EnteredItem = z.input<typeof EnteredItem>

/** What a write on a ticket answers: the operations appended and the chits queued with them. */
const Written = Appended.extend({ ticket: TicketId, chits: z.number().int() })

export const TICKETS_METHODS = {
  'tickets.fire': {
    summary:
      'enter a ticket: items routed to their stations, a chit per station printer; refused when an item is out, outside its window, or a station is full',
    access: ['kitchen'],
    params: z
      .object({
        id: TicketId.optional(),
        source: z.enum(TICKET_SOURCES).default('counter'),
        label: entered(40),
        note: entered(400).optional(),
        shift: ShiftId.optional(),
        items: z.array(EnteredItem).min(1).max(60),
      })
      .strict(),
    result: Written,
  },
  'tickets.add': {
    summary: 'add items to an open ticket: a new part, shown and printed alone',
    access: ['kitchen'],
    params: TicketOf.extend({ items: z.array(EnteredItem).min(1).max(60) }).strict(),
    result: Written.extend({ part: z.number().int() }),
  },
  'tickets.start': {
    summary: 'a station starts a ticket (new -> in progress)',
    access: ['kitchen'],
    params: TicketOf.extend({ station: StationId }).strict(),
    result: Appended,
  },
  'tickets.bump': {
    summary: 'a station is done with its items of a ticket (an expo station serves it); ready once every station is',
    access: ['kitchen'],
    params: TicketOf.extend({ station: StationId }).strict(),
    result: Appended,
  },
  'tickets.serve': { summary: 'a ready ticket is served', access: ['kitchen'], params: TicketOf.strict(), result: Appended },
  'tickets.hold': {
    summary: 'hold a ticket (nothing is bumped until resumed)',
    access: ['kitchen'],
    params: TicketOf.strict(),
    result: Appended,
  },
  'tickets.resume': { summary: 'resume a held ticket', access: ['kitchen'], params: TicketOf.strict(), result: Appended },
  'tickets.cancel': {
    summary: 'cancel a ticket with a reason (audited; its portions go back to the shift stock)',
    access: ['kitchen'],
    params: TicketOf.extend({ reason: entered(80) }).strict(),
    result: Appended,
  },
  'tickets.recall': {
    summary:
      "undo: a station's bump (ticket and station given: `bump`, its operation id, or else the station's last on the ticket; without a ticket: the last bump made at `station`, or at any of `stations`, a screen's), or a served ticket back to ready (no station)",
    access: ['kitchen'],
    params: z
      .object({
        ticket: TicketId.optional(),
        station: StationId.optional(),
        stations: z.array(StationId).min(1).max(16).optional(),
        bump: z.string().min(1).max(64).optional(),
      })
      .strict(),
    result: Appended.extend({ ticket: TicketId }),
  },
  'tickets.advance': {
    summary: 'bulk advance at close: every ready ticket (of a shift, if named) is served',
    access: ['kitchen'],
    params: z.object({ shift: ShiftId.optional() }).strict(),
    result: Appended.extend({ served: z.number().int() }),
  },
  'tickets.get': { summary: 'one ticket', access: 'anyone', params: TicketOf.strict(), result: TicketRecord },
  'tickets.board': {
    summary:
      'what a KDS screen shows: open tickets oldest first (those with items for its stations; all for expo), and with `recall` the recallable served ones (the last 50). Redraw on view.changed',
    access: 'anyone',
    params: z
      .object({
        stations: z.array(StationId).max(12).optional(),
        /** The served tickets a recall may bring back: asked only when shown (50 records read on every refresh otherwise). */
        recall: z.boolean().optional(),
      })
      .strict(),
    result: z.object({
      seq: z.number().int(),
      /** The daemon's clock (ms), to age tiles against. */
      now: z.number().int(),
      tickets: z.array(TicketRecord),
      /** Empty unless `recall` was asked. */
      recallable: z.array(TicketRecord),
    }),
  },
  'tickets.allDay': {
    summary: 'all-day counts: per menu item, what is still to make (held tickets left out)',
    access: 'anyone',
    params: z.object({ station: StationId.optional() }).strict(),
    result: z.array(AllDayLine),
  },
  'tickets.list': {
    summary: 'tickets, newest first, by shift and state',
    access: 'anyone',
    params: z
      .object({ shift: ShiftId.optional(), state: z.enum(TICKET_STATES).optional(), limit: z.number().int().min(1).max(1000).default(100) })
      .strict(),
    result: z.array(TicketRecord),
  },
} as const satisfies Record<string, MethodSpec>
