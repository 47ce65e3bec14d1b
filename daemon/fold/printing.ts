import type { PRINTING_OPERATIONS, PrintJobRecord, PrinterRecord } from '../../protocol/index.js'
import { printJobKey, printQueueKey, printerKey, writerKey } from '../view/keys.js'
import { reject, type Handler, type HandlersOf, type WriterState } from './context.js'

/**
 * Print jobs are operations addressed to a printer; the node the printer hangs on prints them and
 * records each print. Intentions (queue, cancel) are guarded; a print is a fact about paper that
 * left a printer, so it always stands, even after a cancel that was ordered before it.
 */

export const printerAnnounce: Handler<'printing.announce'> = async ({ view, op }) => {
  const existing = await view.get<PrinterRecord>(printerKey(op.payload.id))
  if (existing !== null && existing.node !== op.node) {
    const owner = await view.get<WriterState>(writerKey(existing.node))
    // a removed node's printer may be taken over: the printer was moved to another machine
    if (owner !== null && !owner.removed) reject(`printer ${op.payload.id} hangs on node ${owner.name}: give this one another id`)
  }
  const printer: PrinterRecord = { ...op.payload, node: op.node }
  await view.put(printerKey(printer.id), printer)
}

export const printJobQueue: Handler<'printing.queue'> = async ({ view, op }) => {
  const printer = await view.get<PrinterRecord>(printerKey(op.payload.printer))
  if (printer === null) reject(`no printer ${op.payload.printer} in this site`)
  if (op.payload.copyOf !== null && (await view.get(printJobKey(op.payload.copyOf))) === null)
    reject(`no print job ${op.payload.copyOf} to reprint`)
  const job: PrintJobRecord = {
    id: op.id,
    printer: printer.id,
    document: op.payload.document,
    state: 'queued',
    person: op.person,
    node: op.node,
    hlc: op.hlc,
    copyOf: op.payload.copyOf,
    prints: 0,
    printedAt: null,
    cancelledBy: null,
  }
  await view.putNew(printJobKey(job.id), job)
  await view.put(printQueueKey(job.printer, job.id), job.id)
}

export const printJobCancel: Handler<'printing.cancel'> = async ({ view, op }) => {
  const job = await view.get<PrintJobRecord>(printJobKey(op.payload.job))
  if (job === null) reject(`no print job ${op.payload.job}`)
  if (job.state === 'printed') reject('the job was printed already')
  if (job.state === 'cancelled') reject('the job was cancelled already')
  await view.put(printJobKey(job.id), { ...job, state: 'cancelled', cancelledBy: op.person })
  await view.del(printQueueKey(job.printer, job.id))
}

export const printJobPrinted: Handler<'printing.printed'> = async ({ view, op }) => {
  const job = await view.get<PrintJobRecord>(printJobKey(op.payload.job))
  if (job === null) reject(`no print job ${op.payload.job}`)
  const printer = await view.get<PrinterRecord>(printerKey(job.printer))
  if (printer?.node !== op.node) reject(`only the node printer ${job.printer} hangs on records its prints`, 'forbidden')
  await view.put(printJobKey(job.id), { ...job, state: 'printed', prints: job.prints + 1, printedAt: op.hlc })
  if (job.state === 'queued') await view.del(printQueueKey(job.printer, job.id))
}

export const PRINTING_HANDLERS: HandlersOf<typeof PRINTING_OPERATIONS> = {
  'printing.announce': printerAnnounce,
  'printing.queue': printJobQueue,
  'printing.cancel': printJobCancel,
  'printing.printed': printJobPrinted,
}
