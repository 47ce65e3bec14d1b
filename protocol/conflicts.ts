import { z } from 'zod'
import { LocationCode, LotCode, Milli, Sku } from './catalog.js'
import { Reason } from './orders.js'
import { ScanCode } from './printing.js'
import { Departure } from './stock.js'
import { Appended, type MethodSpec, type OperationSpec } from './spec.js'

/** What people must look at after nodes that were apart meet, and how a manager settles it. */

const Typed = z.string().min(1).max(64)
const Limit = z.number().int().min(1).max(1000).default(100)

/** A unit recorded as leaving more than once (SPEC Conflicts rule 3): which unit, and each departure in fold order. */
export const LeftUnit = z.object({
  code: ScanCode,
  sku: Sku,
  lot: LotCode,
  location: LocationCode,
  milli: Milli,
  departures: z.array(Departure).min(2),
})
export type LeftUnit = z.infer<typeof LeftUnit>

/** One value of a field and where it came from. */
const FieldValue = z.object({ op: z.string(), node: z.string(), source: z.string(), value: z.unknown() })

/**
 * Something people must look at: an operation the rules rejected after nodes met (a roll picked
 * twice), a balance driven below zero by offline use (flagged, never clamped), or a unit recorded
 * as leaving twice (left-twice: its balance may stay positive, yet no longer equals its rolls),
 * or a kitchen ticket sold past a shift's last portion (oversold, daemon/fold/tickets.ts).
 */
export const ConflictRecord = z.object({
  id: z.string(),
  kind: z.enum(['rejected', 'negative-balance', 'left-twice', 'oversold', 'field-clash']),
  op: z.object({ id: z.string(), type: z.string(), person: z.string(), node: z.string() }),
  reason: z.string(),
  balance: z.object({ sku: Sku, location: LocationCode, lot: LotCode, milli: Milli }).nullable(),
  at: z.number().int(),
  /** left-twice only: the unit and its departures (absent on the other kinds). */
  unit: LeftUnit.optional(),
  /**
   * negative-balance only: the left-twice conflicts whose extra departures took this balance below
   * zero. Settling them books those departures back, so this one takes no correction while one is
   * open, and is settled with them (seen: property test seed 2094200752, booked back twice).
   */
  leftTwice: z.array(z.string()).optional(),
  /** left-twice only: the negative-balance conflicts its extra departures opened (see leftTwice). */
  balances: z.array(z.string()).optional(),
  /** field-clash only: a field edited on two nodes apart, the value that stands and those that lost (daemon/fold/field-merge.ts). */
  field: z
    .object({
      record: z.string(),
      name: z.string(),
      kept: FieldValue,
      lost: z.array(FieldValue),
    })
    .optional(),
  resolution: z
    .object({
      by: z.string(),
      note: z.string(),
      correction: Milli.nullable(),
      op: z.string(),
      at: z.number().int(),
      /** left-twice only: the departure that stands (its op id); each other one was booked back. */
      kept: z.string().optional(),
    })
    .nullable(),
})
export type ConflictRecord = z.infer<typeof ConflictRecord>

export const ConflictResolvePayload = z.object({
  conflict: z.string().min(1).max(120),
  note: Reason,
  /** For a negative balance: a MANUAL_CORRECTION of this much at that balance (null: none). */
  correction: Milli.nullable(),
  /**
   * For a unit that left twice: the departure that really happened (its op id); the fold books
   * the others back (null: none, for every other kind). v2 of conflicts.resolve.
   */
  kept: z.string().min(1).max(64).nullable().default(null),
})

export const CONFLICTS_OPERATIONS = {
  'conflicts.resolve': { v: 2, allowed: ['manager'], approval: true, payload: ConflictResolvePayload },
} as const satisfies Record<string, OperationSpec>

export const CONFLICTS_METHODS = {
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
} as const satisfies Record<string, MethodSpec>
