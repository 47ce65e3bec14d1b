import { PROFILES } from '../../printers/profiles.js'
import { OutpostError, type PRINTING_METHODS, type PrintDocument } from '../../protocol/index.js'
import type { ImplementationsOf, MethodContext } from './context.js'
import { submit } from './submit.js'

async function jobOf(ctx: MethodContext, id: string) {
  const job = await ctx.node.read.printing.printJob(id)
  if (job === null) throw new OutpostError('E_NOT_FOUND', `no print job ${id} (outpost print jobs lists them)`)
  return job
}

async function printerOf(ctx: MethodContext, id: string) {
  const printer = await ctx.node.read.printing.printer(id)
  if (printer === null) throw new OutpostError('E_NOT_FOUND', `no printer ${id} in this site (outpost print printers lists them)`)
  return printer
}

export const PRINTING_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof PRINTING_METHODS> = {
  'printing.printers': async (_p, { node }) => ({
    site: await node.read.printing.printers(),
    local: await node.board.printers(),
  }),
  'printing.queue': async ({ printer, document }, ctx) => {
    await printerOf(ctx, printer)
    return submit(ctx, [{ type: 'printing.queue', payload: { printer, document, copyOf: null } }])
  },
  'printing.jobs': (params, { node }) => node.read.printing.printJobs(params),
  'printing.cancel': (params, ctx) => submit(ctx, [{ type: 'printing.cancel', payload: params }]),
  'printing.reprint': async ({ job: id, printer }, ctx) => {
    const job = await jobOf(ctx, id)
    const target = printer ?? job.printer
    await printerOf(ctx, target)
    return submit(ctx, [{ type: 'printing.queue', payload: { printer: target, document: job.document, copyOf: job.id } }])
  },
  'printing.preview': async (params, ctx) => {
    let printer: string
    let document: PrintDocument
    if ('job' in params) ({ printer, document } = await jobOf(ctx, params.job))
    else ({ printer, document } = params)
    const profile = PROFILES[(await printerOf(ctx, printer)).profile]
    const { render, renderText } = await import('../../printers/render.js') // on first use, see printer-worker.ts
    return { printer, lines: renderText(document, profile), bytes: render(document, profile).length }
  },
}
