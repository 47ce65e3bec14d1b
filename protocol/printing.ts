import { z } from 'zod'
import { Hlc } from './hlc.js'
import { Appended, type MethodSpec, type OperationSpec } from './spec.js'

/**
 * Printing's shared vocabulary: the documents (plain data, rendered by printers/ on the node the
 * printer hangs on, with that printer's profile), printers, print jobs and what a printer says
 * about itself. A print job is an operation, so it replicates to the printer's node.
 */

const Text = (max: number) => z.string().min(1).max(max)

/** What a scanner reads: printable ASCII, since CODE128 and QR on every printer carry that. */
export const ScanCode = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7e]+$/, 'a code is printable ASCII without spaces')

export const RollLabel = z.object({
  kind: z.literal('roll-label'),
  name: Text(80),
  sku: Text(40),
  /** Shown as "quality  A", "color  navy". */
  attributes: z.array(z.tuple([Text(24), Text(40)])).max(8),
  /** Already formatted for people, with its unit: "1,720 m". */
  quantity: Text(24),
  lot: Text(40),
  /** What the barcode and the QR code carry. */
  code: ScanCode,
  symbology: z.enum(['code128', 'ean13']),
})

/** A shelf label for a location: its code, big, and as a barcode. */
export const LocationLabel = z.object({
  kind: z.literal('location-label'),
  code: ScanCode,
  rack: Text(24),
  bin: Text(24),
})

/** A kitchen ticket chit for a station. */
export const KdsChit = z.object({
  kind: z.literal('kds-chit'),
  ticket: ScanCode,
  station: Text(24),
  /** "table 4", "takeaway Ana" */
  label: Text(40),
  /** Local time the ticket was placed, as people read it: "12:31". */
  placedAt: Text(16),
  items: z
    .array(
      z.object({ qty: z.number().int().min(1).max(999), name: Text(60), modifiers: z.array(Text(60)).max(12), note: Text(200).optional() }),
    )
    .min(1)
    .max(60),
  note: Text(400).optional(),
})

/** An order's pick list, in walking order (sorted by location by whoever builds it). */
export const PickList = z.object({
  kind: z.literal('pick-list'),
  order: ScanCode,
  customer: Text(80),
  lines: z
    .array(z.object({ location: Text(24), product: Text(40), description: Text(80), quantity: Text(24), rolls: z.array(ScanCode).max(50) }))
    .min(1)
    .max(200),
})

/** A count sheet for a location: what the system expects, with room to write what is there. */
export const CountSheet = z.object({
  kind: z.literal('count-sheet'),
  location: ScanCode,
  session: Text(40),
  lines: z.array(z.object({ product: Text(40), description: Text(80), lot: Text(40), expected: Text(24) })).max(200),
})

/** A repair bench's intake label: stuck on the device, its code scans back to the intake. */
export const IntakeLabel = z.object({
  kind: z.literal('intake-label'),
  code: ScanCode,
  repair: ScanCode,
  serial: Text(64),
  product: Text(80),
  customer: Text(40),
  fault: Text(400),
  /** "charger, case" or "none". */
  accessories: Text(400),
  /** When it was taken in, as people read it: "2026-12-02 14:31". */
  at: Text(24),
})

export const PrintDocument = z.discriminatedUnion('kind', [RollLabel, LocationLabel, KdsChit, PickList, CountSheet, IntakeLabel])
export type PrintDocument = z.infer<typeof PrintDocument>
export type RollLabel = z.infer<typeof RollLabel>
export type LocationLabel = z.infer<typeof LocationLabel>
export type KdsChit = z.infer<typeof KdsChit>
export type PickList = z.infer<typeof PickList>
export type CountSheet = z.infer<typeof CountSheet>
export type IntakeLabel = z.infer<typeof IntakeLabel>

/** A document in a few words, for job lists: "roll label R-1", "pick list SO-1042". */
export function describeDocument(doc: PrintDocument): string {
  switch (doc.kind) {
    case 'roll-label':
      return `roll label ${doc.code}`
    case 'location-label':
      return `location label ${doc.code}`
    case 'kds-chit':
      return `ticket #${doc.ticket} ${doc.station}`
    case 'pick-list':
      return `pick list ${doc.order}`
    case 'count-sheet':
      return `count sheet ${doc.location}`
    case 'intake-label':
      return `intake label ${doc.code}`
  }
}

export const PROFILE_IDS = ['escpos-80-tr', 'escpos-58-tr', 'escpos-80-we', 'escpos-58-we'] as const
export const ProfileId = z.enum(PROFILE_IDS)
export type ProfileId = z.infer<typeof ProfileId>

export const PrinterId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,31}$/, 'a printer id is 1-32 lower-case letters, digits, . _ -')

/** A printer as the site knows it: which node it hangs on. */
export const PrinterRecord = z.object({
  id: PrinterId,
  name: z.string(),
  profile: ProfileId,
  node: z.string(),
})
export type PrinterRecord = z.infer<typeof PrinterRecord>

export const JOB_STATES = ['queued', 'printed', 'cancelled'] as const
export const PrintJobRecord = z.object({
  id: z.string(),
  printer: PrinterId,
  document: PrintDocument,
  state: z.enum(JOB_STATES),
  person: z.string(),
  node: z.string(),
  hlc: Hlc,
  /** Set on a reprint: the job it repeats. */
  copyOf: z.string().nullable(),
  /** How many times the printer's node confirmed it; above 1 only for the documented restart case. */
  prints: z.number().int().nonnegative(),
  printedAt: Hlc.nullable(),
  cancelledBy: z.string().nullable(),
})
export type PrintJobRecord = z.infer<typeof PrintJobRecord>

/**
 * What a printer's state is, from its DLE EOT answers (or the transport): `ready` prints,
 * anything else keeps the jobs queued. `unknown`: a write-only transport cannot ask.
 */
export const PRINTER_STATES = ['ready', 'paper-near-end', 'paper-out', 'cover-open', 'offline', 'unreachable', 'unknown'] as const
export const PrinterState = z.enum(PRINTER_STATES)
export type PrinterState = z.infer<typeof PrinterState>

/** A printer attached to this node, as `system.status` and `printing.printers` report it. */
export const LocalPrinterStatus = z.object({
  id: PrinterId,
  name: z.string(),
  state: PrinterState,
  /** Jobs waiting for this printer. */
  queued: z.number().int().nonnegative(),
  /** How the bytes travel: "tcp 127.0.0.1:9100", "serial /dev/ttyUSB0". */
  transport: z.string(),
  /** The last failure, in words; null while it prints. */
  problem: z.string().nullable(),
})
export type LocalPrinterStatus = z.infer<typeof LocalPrinterStatus>

const JobId = z.string().min(8).max(64)

export const PRINTING_OPERATIONS = {
  'printing.announce': {
    v: 1,
    allowed: 'node',
    payload: z.object({ id: PrinterId, name: z.string().min(1).max(80), profile: ProfileId }),
  },
  'printing.queue': {
    v: 1,
    allowed: 'anyone',
    payload: z.object({ printer: PrinterId, document: PrintDocument, copyOf: z.string().min(8).max(64).nullable() }),
  },
  'printing.cancel': {
    v: 1,
    allowed: 'anyone',
    payload: z.object({ job: z.string().min(8).max(64) }),
  },
  'printing.printed': {
    v: 1,
    allowed: 'node',
    /** copy: the job was sent again because its first delivery was never confirmed (docs/printing.md). */
    payload: z.object({ job: z.string().min(8).max(64), copy: z.boolean() }),
  },
} as const satisfies Record<string, OperationSpec>

/** The print queue's socket methods. */
export const PRINTING_METHODS = {
  'printing.printers': {
    summary: "the site's printers, and the state of those attached to this node",
    access: 'anyone',
    params: z.object({}).strict(),
    result: z.object({ site: z.array(PrinterRecord), local: z.array(LocalPrinterStatus) }),
  },
  'printing.queue': {
    summary: 'queue a document on a printer anywhere in the site; it prints once, on the node the printer hangs on',
    access: 'anyone',
    params: z.object({ printer: PrinterId, document: PrintDocument }).strict(),
    result: Appended,
  },
  'printing.jobs': {
    summary: 'print jobs, newest first',
    access: 'anyone',
    params: z
      .object({ printer: PrinterId.optional(), state: z.enum(JOB_STATES).optional(), limit: z.number().int().min(1).max(500).default(50) })
      .strict(),
    result: z.array(PrintJobRecord),
  },
  'printing.cancel': {
    summary: 'cancel a job that has not printed yet',
    access: 'anyone',
    params: z.object({ job: JobId }).strict(),
    result: Appended,
  },
  'printing.reprint': {
    summary: 'print a job again, as a new job on the same printer (or another)',
    access: 'anyone',
    params: z.object({ job: JobId, printer: PrinterId.optional() }).strict(),
    result: Appended,
  },
  'printing.preview': {
    summary: "a document (or a job's document) as the printer will print it, in text, with its size in bytes",
    access: 'anyone',
    params: z.union([z.object({ job: JobId }).strict(), z.object({ printer: PrinterId, document: PrintDocument }).strict()]),
    result: z.object({ printer: PrinterId, lines: z.array(z.string()), bytes: z.number().int() }),
  },
} as const satisfies Record<string, MethodSpec>
