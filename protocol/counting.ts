import { z } from 'zod'
import { LocationCode, LotCode, Milli, Sku } from './catalog.js'
import { Reason } from './orders.js'
import { ScanCode } from './printing.js'
import { Appended, type MethodSpec, type OperationSpec } from './spec.js'

/** Counting a shelf: every scan kept, the variances against the records, a manager's approval. */

export const CountId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'a count session id is 1-40 letters, digits, . _ -')
const Limit = z.number().int().min(1).max(1000).default(100)

export const CountRecord = z.object({
  id: CountId,
  location: LocationCode,
  state: z.enum(['open', 'approved', 'cancelled']),
  openedBy: z.string(),
  at: z.number().int(),
  scans: z.array(ScanCode),
  decidedBy: z.string().nullable(),
})
export type CountRecord = z.infer<typeof CountRecord>

/** How a count differs from the records: what approval would turn into ledger entries. */
export const CountVariance = z.object({
  roll: ScanCode,
  kind: z.enum(['missing', 'moved-here', 'found', 'unknown']),
  /** Where the records had it (moved-here), or null. */
  from: LocationCode.nullable(),
  sku: Sku.nullable(),
  lot: LotCode.nullable(),
  milli: Milli,
})
export type CountVariance = z.infer<typeof CountVariance>

export const COUNTING_OPERATIONS = {
  'counting.open': { v: 1, allowed: ['picker'], payload: z.object({ session: CountId, location: LocationCode }) },
  /** Every scan is kept as scanned, repeats too: a count never loses or merges a scan. */
  'counting.scan': { v: 1, allowed: ['picker'], payload: z.object({ session: CountId, codes: z.array(ScanCode).min(1).max(500) }) },
  /** The variances the manager saw and approved; the fold checks each still holds. */
  'counting.approve': {
    v: 1,
    allowed: ['manager'],
    approval: true,
    payload: z.object({
      session: CountId,
      variances: z.array(z.object({ roll: ScanCode, kind: z.enum(['missing', 'moved-here', 'found']) })).max(5000),
    }),
  },
  'counting.cancel': { v: 1, allowed: ['picker'], payload: z.object({ session: CountId, reason: Reason }) },
  /** Undo of a count scan: the last scan of that code leaves the open session (the scans before stay). */
  'counting.unscan': { v: 1, allowed: ['picker'], payload: z.object({ session: CountId, code: ScanCode }) },
} as const satisfies Record<string, OperationSpec>

export const COUNTING_METHODS = {
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
  'counting.unscan': {
    summary: 'undo a count scan: the last scan of that code leaves the open session',
    access: ['picker'],
    params: z.object({ session: CountId, code: ScanCode }).strict(),
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
} as const satisfies Record<string, MethodSpec>
