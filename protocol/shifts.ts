import { z } from 'zod'
import { ShiftId } from './menu.js'
import { Appended, type MethodSpec, type OperationSpec } from './spec.js'
import { StationId } from './stations.js'

/**
 * Shifts: a person, a truck or a place checks in, pauses, resumes and checks out. A truck or
 * place shift is a service: tickets entered while it is open belong to it, and its stock,
 * specials, out-of-stock marks and summary are per shift. A person's shift is their time.
 */

export const SHIFT_KINDS = ['person', 'truck', 'place'] as const
export const SHIFT_STATES = ['open', 'paused', 'closed'] as const

export const ShiftRecord = z.object({
  id: ShiftId,
  kind: z.enum(SHIFT_KINDS),
  /** The person's id, or the truck's or place's name. */
  who: z.string(),
  state: z.enum(SHIFT_STATES),
  /** Check-in, pauses (from, to: null while paused) and checkout, in ms of the clocks that made them. */
  checkedIn: z.number().int(),
  pauses: z.array(z.object({ from: z.number().int(), to: z.number().int().nullable() })),
  checkedOut: z.number().int().nullable(),
  by: z.string(),
})
export type ShiftRecord = z.infer<typeof ShiftRecord>

/** Prep time at a station: from the part being fired to the station's bump (ms). */
export const PrepFigures = z.object({
  station: StationId,
  items: z.number().int(),
  averageMs: z.number().int().nullable(),
  p90Ms: z.number().int().nullable(),
})

export const MAX_OUTSIDE_MS = 31 * 24 * 3600_000
/**
 * A period of tickets fired with no truck or place shift open (ms, from inclusive, to exclusive):
 * they belong to no shift, and are counted in its own summary so none is missing from the numbers.
 */
const Period = z.object({ from: z.number().int().nonnegative(), to: z.number().int().nonnegative() })
export const OutsidePeriod = Period.strict().refine(
  (p) => p.to > p.from && p.to - p.from <= MAX_OUTSIDE_MS,
  'a period outside shifts is up to 31 days, to after from',
)
export type OutsidePeriod = z.infer<typeof OutsidePeriod>

export const ShiftSummary = z.object({
  /** The shift, or null for the tickets fired outside any shift in `outside`. */
  shift: ShiftRecord.nullable(),
  outside: Period.nullable(),
  tickets: z.number().int(),
  /** Portions (item quantities) on tickets not cancelled. */
  items: z.number().int(),
  /** Cents, of tickets not cancelled. */
  revenue: z.number().int(),
  served: z.number().int(),
  open: z.number().int(),
  oversold: z.number().int(),
  prep: z.array(PrepFigures),
  /** Cancelled tickets by reason (as typed, compared without case). */
  cancellations: z.array(z.object({ reason: z.string(), tickets: z.number().int() })),
  /** Per menu item: portions and revenue. */
  byItem: z.array(z.object({ item: z.string(), name: z.string(), qty: z.number().int(), revenue: z.number().int() })),
})
export type ShiftSummary = z.infer<typeof ShiftSummary>

const Who = z.string().trim().min(1).max(40)
const ShiftOf = z.object({ shift: ShiftId })
/** A shift, or the tickets fired outside any shift in a period: one of the two (`oneOfTheTwo`). */
const ShiftOrOutside = z.object({ shift: ShiftId.optional(), outside: OutsidePeriod.optional() })
const oneOfTheTwo = [
  (p: { shift?: string | undefined; outside?: unknown }) => (p.shift === undefined) !== (p.outside === undefined),
  'name a shift or a period outside shifts (one of the two)',
] as const

export const SHIFTS_OPERATIONS = {
  'shifts.checkIn': { v: 1, allowed: ['kitchen'], payload: z.object({ id: ShiftId, kind: z.enum(SHIFT_KINDS), who: Who }) },
  'shifts.pause': { v: 1, allowed: ['kitchen'], payload: ShiftOf },
  'shifts.resume': { v: 1, allowed: ['kitchen'], payload: ShiftOf },
  'shifts.checkOut': { v: 1, allowed: ['kitchen'], payload: ShiftOf },
} as const satisfies Record<string, OperationSpec>

export const EXPORT_FORMATS = ['csv', 'json'] as const

export const SHIFTS_METHODS = {
  'shifts.checkIn': {
    summary: 'check in a person (default: yourself), a truck or a place; a truck or place shift takes the tickets entered while open',
    access: ['kitchen'],
    params: z.object({ kind: z.enum(SHIFT_KINDS).default('person'), who: Who.optional(), id: ShiftId.optional() }).strict(),
    result: z.object({ id: ShiftId, ids: z.array(z.string()) }),
  },
  'shifts.pause': { summary: 'pause a shift (a break)', access: ['kitchen'], params: ShiftOf.strict(), result: Appended },
  'shifts.resume': { summary: 'resume a paused shift', access: ['kitchen'], params: ShiftOf.strict(), result: Appended },
  'shifts.checkOut': { summary: 'check a shift out (it ends)', access: ['kitchen'], params: ShiftOf.strict(), result: Appended },
  'shifts.list': {
    summary: 'shifts, newest first (open ones only unless all)',
    access: 'anyone',
    params: z.object({ all: z.boolean().default(false), limit: z.number().int().min(1).max(500).default(50) }).strict(),
    result: z.array(ShiftRecord),
  },
  'shifts.summary': {
    summary:
      'a service shift (or the tickets fired outside any shift in a period) in numbers: tickets, items, revenue, prep time per station (average, p90), cancellations by reason',
    access: 'anyone',
    params: ShiftOrOutside.strict().refine(...oneOfTheTwo),
    result: ShiftSummary,
  },
  'shifts.export': {
    summary:
      "a shift's tickets (or those fired outside any shift in a period), one row per item, and summary as CSV (formula cells neutralised) or JSON",
    access: ['kitchen'],
    params: ShiftOrOutside.extend({ format: z.enum(EXPORT_FORMATS) })
      .strict()
      .refine(...oneOfTheTwo),
    result: z.object({ format: z.enum(EXPORT_FORMATS), tickets: z.string(), summary: z.string() }),
  },
} as const satisfies Record<string, MethodSpec>
