import { z } from 'zod'
import { entered } from './entered-text.js'
import { Appended, type MethodSpec, type OperationSpec } from './spec.js'

/**
 * History and rollback (SPEC "History and rollback"): every record's operations in order, kept
 * as an index in the view by the fold, and a rollback made of new operations, never an edit of
 * the log. A record is named by the view key that holds it (`roll/R-1`, `order/SO-1`,
 * `product/POP-1`): its kind is the part before the first `/`.
 */

/** A record's view key: `kind/key`. Kinds are the view's own prefixes (daemon/fold/history-index.ts). */
export const RecordRef = z
  .string()
  .min(3)
  .max(160)
  .regex(/^[a-z][a-z-]{0,23}\/[\p{L}\p{N}\p{P}\p{S} ]+$/u, 'a record is kind/key, e.g. roll/R-1 or order/SO-1001')
export type RecordRef = z.infer<typeof RecordRef>

/** What one field of a record was set to by one operation (field-level merge, daemon/fold/field-merge.ts). */
export const FieldChange = z.object({
  field: z.string(),
  value: z.unknown(),
  /** `stands`, or why it does not: the value that stands over it and by which rule. */
  outcome: z.string(),
})
export type FieldChange = z.infer<typeof FieldChange>

/** One operation in a record's history. */
export const HistoryEntry = z.object({
  /** The fold's place (the audit journal's seq): history is in this order. */
  seq: z.number().int(),
  op: z.string(),
  type: z.string(),
  person: z.string(),
  node: z.string(),
  /** The operation's hybrid clock, wall-clock part (ms). */
  at: z.number().int(),
  status: z.enum(['applied', 'rejected']),
  reason: z.string().optional(),
  /** Whether this operation changed the record (false: it named it, e.g. a rejected pick). */
  changed: z.boolean(),
  /** The record before this operation, when it changed it (absent when too large to keep, see `large`). */
  before: z.unknown().optional(),
  /** The record was too large to keep its before-image (a long count); a rollback past here is refused. */
  large: z.literal(true).optional(),
  /** The other records the operation touched (the first 20; `alsoMore`: more, listed once under the seq). */
  also: z.array(z.string()).optional(),
  alsoMore: z.literal(true).optional(),
  /** Field edits, with their outcome under the merge rules. */
  fields: z.array(FieldChange).optional(),
})
export type HistoryEntry = z.infer<typeof HistoryEntry>

/** One record's part of a rollback: the value it is brought back to, and the value it must still have. */
export const Restore = z.object({
  record: RecordRef,
  /** SHA-256 of the record's value as the proposal saw it (JSON); another value by then refuses the rollback. */
  expect: z.string().regex(/^[0-9a-f]{64}$/),
  /** The value it is brought back to; null: the record did not exist. */
  value: z.unknown(),
})
export type Restore = z.infer<typeof Restore>

export const HISTORY_OPERATIONS = {
  /**
   * A rollback's compensation for records without an operation of their own to compensate with
   * (rolls, counts, orders): each is written back, and the ledger gets the entries that make the
   * balances follow. Catalog records are brought back with catalog edits instead (field merge).
   */
  'history.restore': {
    v: 1,
    allowed: ['manager'],
    approval: true,
    payload: z.object({
      /** The record a manager rolled back and the history entry (seq) whose state it returns to. */
      target: z.object({ record: RecordRef, seq: z.number().int().nonnegative() }),
      /** The operations this rollback undoes, newest first. */
      undoes: z.array(z.string().min(8).max(64)).min(1).max(1000),
      restores: z.array(Restore).min(1).max(200),
      note: z.string().trim().min(1).max(200),
    }),
  },
} as const satisfies Record<string, OperationSpec>

/** A record named as a person would: a scanned or typed code, or `kind/key`. */
const Named = entered(160)

export const RollbackProposal = z.object({
  record: RecordRef,
  to: z.number().int(),
  /** The operations undone, newest first: what a manager sees before approving. */
  undoes: z.array(HistoryEntry),
  /** Each record touched and what changes on it: `field: now -> back`. */
  changes: z.array(z.object({ record: RecordRef, lines: z.array(z.string()) })),
  /** The compensating operations, as appended on approval. */
  drafts: z.array(z.object({ type: z.string(), payload: z.unknown() })),
})
export type RollbackProposal = z.infer<typeof RollbackProposal>

export const HISTORY_METHODS = {
  'history.get': {
    summary:
      'every operation that touched a record (a code, an order, a person, or kind/key), newest first, with who, when, where and whether it stood',
    access: 'anyone',
    params: z
      .object({
        record: Named,
        limit: z.number().int().min(1).max(1000).default(100),
        /** Older than this seq (the next page). */
        before: z.number().int().nonnegative().optional(),
      })
      .strict(),
    result: z.object({ record: RecordRef, entries: z.array(HistoryEntry), more: z.boolean() }),
  },
  'history.touched': {
    summary: 'the records the operation at an audit entry (its seq) touched, each with a history',
    access: 'anyone',
    params: z.object({ seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) }).strict(),
    result: z.object({ records: z.array(RecordRef) }),
  },
  'history.rollback': {
    summary:
      'propose the compensating operations that bring a record back to its state right after history entry `to` (checked by the fold, not appended); with apply: true, append them (a manager, an approval)',
    access: ['manager'],
    params: z
      .object({
        record: Named,
        to: z.number().int().nonnegative(),
        note: z.string().trim().min(1).max(200).default('rollback'),
        apply: z.boolean().default(false),
      })
      .strict(),
    result: z.object({ proposal: RollbackProposal, ids: Appended.shape.ids }),
  },
} as const satisfies Record<string, MethodSpec>
