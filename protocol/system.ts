import { z } from 'zod'
import { NumberStyle } from './number-style.js'
import { MAX_OPS_PER_BLOCK, OperationDraft, RequestId } from './operations.js'
import { UNITS } from './quantity.js'
import { AuditEntry, ScanResolution, Status } from './records.js'
import { PersonId } from './roles.js'
import { Appended, Empty, type MethodSpec } from './spec.js'

/** The node itself, the log, the audit trail, and what every screen shares (scans, quantities). */

/** `replayed`: this request id was recorded before (the ids are the first attempt's): nothing was appended now. */
const Submitted = Appended.extend({ replayed: z.literal(true).optional() })

export const SYSTEM_METHODS = {
  'system.status': {
    summary: 'node, site, writers, log, view hash, peers, versions',
    access: 'public',
    params: Empty,
    result: Status,
  },
  'ops.submit': {
    summary: `append up to ${MAX_OPS_PER_BLOCK} operations as one group (refused if it would make more view writes than a node folds at once within its memory bound); acknowledged once in the local log`,
    access: 'anyone',
    params: z.object({ ops: z.array(OperationDraft).min(1).max(MAX_OPS_PER_BLOCK), request: RequestId.optional() }).strict(),
    result: Submitted,
  },
  'audit.list': {
    summary:
      "the audit trail: who did what, when, on which node (newest first); a removed node's work the site never accepted comes first, rejected",
    access: ['manager'],
    params: z
      .object({
        limit: z.number().int().min(1).max(1000).default(100),
        beforeSeq: z.number().int().nonnegative().optional(),
        person: PersonId.optional(),
        type: z.string().max(64).optional(),
      })
      .strict(),
    result: z.array(AuditEntry),
  },
  'system.verify': {
    summary: 're-fold the whole log from scratch and compare with the persisted view',
    access: ['manager'],
    params: Empty,
    result: z.object({ seq: z.number().int(), hash: z.string(), contentHash: z.string(), refoldHash: z.string(), consistent: z.boolean() }),
  },
  'scan.resolve': {
    summary: 'what a scanned code is',
    access: 'anyone',
    params: z.object({ code: z.string().min(1).max(256) }).strict(),
    result: ScanResolution,
  },
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
  'view.subscribe': {
    summary: 'push `view.changed` events to this connection',
    access: 'public',
    params: Empty,
    result: z.object({ seq: z.number().int(), hash: z.string() }),
  },
} as const satisfies Record<string, MethodSpec>

/** Pushed to subscribed connections after every fold (coalesced). */
export const SYSTEM_EVENTS = {
  'view.changed': z.object({ seq: z.number().int(), hash: z.string(), status: Status }),
} as const
