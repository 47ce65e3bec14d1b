import { z } from 'zod'
import { LocalPrinterStatus, PrintDocument, PrintJobRecord, PrinterId, PrinterRecord, JOB_STATES } from './print.js'

const Appended = z.object({ ids: z.array(z.string()) })
const JobId = z.string().min(8).max(64)

/** The print queue's socket methods (spread into METHODS). */
export const PRINT_METHODS = {
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
} as const
