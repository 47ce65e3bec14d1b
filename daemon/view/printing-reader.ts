import type Hyperbee from 'hyperbee'
import type { PrintJobRecord, PrinterRecord } from '../../protocol/index.js'
import { PRINTER_RANGE, PRINT_JOB_RANGE, printJobKey, printQueueRange, printerKey } from './keys.js'
import { getValue, newestFirst } from './read.js'

/** The site's printers, print jobs and each printer's queue. */
export class PrintingReader {
  constructor(private readonly bee: Hyperbee) {}

  private value<T>(key: string): Promise<T | null> {
    return getValue<T>(this.bee, key)
  }

  printer(id: string): Promise<PrinterRecord | null> {
    return this.value<PrinterRecord>(printerKey(id))
  }

  async printers(): Promise<PrinterRecord[]> {
    const out: PrinterRecord[] = []
    for await (const { value } of this.bee.createReadStream(PRINTER_RANGE)) out.push(value as PrinterRecord)
    return out
  }

  printJob(id: string): Promise<PrintJobRecord | null> {
    return this.value<PrintJobRecord>(printJobKey(id))
  }

  /** A printer's waiting jobs, oldest first (job ids sort by time). */
  async printQueue(printer: string, limit: number): Promise<string[]> {
    const out: string[] = []
    for await (const { value } of this.bee.createReadStream({ ...printQueueRange(printer), limit })) out.push(value as string)
    return out
  }

  /** Newest first, like the audit trail. */
  async printJobs(opts: { limit: number; printer?: string | undefined; state?: string | undefined }): Promise<PrintJobRecord[]> {
    const { printer, state } = opts
    const filtered = printer !== undefined || state !== undefined
    return newestFirst<PrintJobRecord>(
      this.bee,
      PRINT_JOB_RANGE,
      opts.limit,
      filtered ? (j) => (printer === undefined || j.printer === printer) && (state === undefined || j.state === state) : null,
    )
  }
}
