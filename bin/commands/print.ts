import { readFileSync, writeFileSync } from 'node:fs'
import { PROFILES, renderText } from '../../printers/index.js'
import {
  OutpostError,
  PrintDocument,
  ProfileId,
  describeDocument,
  parseJsonAs,
  type PersonRecord,
  type PrintJobRecord,
} from '../../protocol/index.js'
import type { GlobalOptions } from '../options.js'
import { withDaemon } from './connect.js'

interface AsPerson {
  as?: string
}

/** A document from a JSON file ('-' reads stdin), checked against the schema, with one clear line if it is wrong. */
export function readDocument(file: string): PrintDocument {
  let text: string
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8')
  } catch (err) {
    throw new OutpostError('E_USAGE', `cannot read ${file}: ${(err as Error).message}`)
  }
  return parseJsonAs(text, PrintDocument, file)
}

/** Write the PNG preview; the renderer (and its native SVG rasterizer) loads only when asked for. */
async function writePreview(document: PrintDocument, profile: ProfileId, out: string): Promise<string> {
  const { previewPng } = await import('../../printers/preview-png.js')
  const preview = previewPng(document, PROFILES[profile])
  writeFileSync(out, preview.png)
  return `preview: ${out} (${preview.widthDots}x${preview.heightDots} dots)\n`
}

export async function printSubmitCommand(
  globals: GlobalOptions,
  file: string,
  opts: AsPerson & { printer: string; preview?: string },
): Promise<number> {
  const document = readDocument(file)
  return withDaemon(globals, opts.as, async (client) => {
    const { ids } = await client.call('printing.queue', { printer: opts.printer, document })
    process.stdout.write(`queued job ${ids[0]} on ${opts.printer}\n`)
    if (opts.preview !== undefined) {
      const printer = (await client.call('printing.printers')).site.find((p) => p.id === opts.printer)
      if (printer !== undefined) process.stdout.write(await writePreview(document, printer.profile, opts.preview))
    }
    return 0
  })
}

/** Render a document without a daemon: text to stdout, PNG with --preview. */
export async function printPreviewCommand(file: string, opts: { profile: string; preview?: string }): Promise<number> {
  const profile = ProfileId.safeParse(opts.profile)
  if (!profile.success) throw new OutpostError('E_USAGE', `no printer profile ${opts.profile} (${ProfileId.options.join(', ')})`)
  const document = readDocument(file)
  process.stdout.write(renderText(document, PROFILES[profile.data]).join('\n') + '\n')
  if (opts.preview !== undefined) process.stdout.write(await writePreview(document, profile.data, opts.preview))
  return 0
}

export async function printJobsCommand(
  globals: GlobalOptions,
  opts: AsPerson & { printer?: string; state?: string; json?: boolean },
): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    const params = {
      ...(opts.printer === undefined ? {} : { printer: opts.printer }),
      ...(opts.state === undefined ? {} : { state: opts.state }),
    }
    const jobs = (await client.callRaw('printing.jobs', params)) as PrintJobRecord[]
    const people = opts.json === true ? [] : await client.call('people.list')
    process.stdout.write(opts.json === true ? JSON.stringify(jobs, null, 2) + '\n' : formatJobs(jobs, people))
    return 0
  })
}

/** One job a line: its id and the printer's id (what --printer and reprint take), who queued it by name. */
export function formatJobs(jobs: PrintJobRecord[], people: readonly PersonRecord[] = []): string {
  if (jobs.length === 0) return 'no print jobs\n'
  const who = new Map(people.map((p) => [p.id, p.name]))
  return (
    jobs
      .map(
        (j) =>
          `${j.id}  ${j.printer.padEnd(12)} ${j.state.padEnd(9)} ${describeDocument(j.document).padEnd(30)} ${who.get(j.person) ?? j.person}${j.prints > 1 ? `  printed ${j.prints}x` : ''}`,
      )
      .join('\n') + '\n'
  )
}

export async function printPrintersCommand(globals: GlobalOptions, opts: AsPerson & { json?: boolean }): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    const printers = await client.call('printing.printers')
    if (opts.json === true) process.stdout.write(JSON.stringify(printers, null, 2) + '\n')
    else if (printers.site.length === 0)
      process.stdout.write("no printers in this site (add one to a node's config.json, see docs/printing.md)\n")
    else {
      const local = new Map(printers.local.map((p) => [p.id, p]))
      for (const p of printers.site) {
        const here = local.get(p.id)
        const state =
          here === undefined
            ? `on node ${p.node.slice(0, 12)}…`
            : `${here.state}, ${here.queued} queued, ${here.transport}${here.problem === null ? '' : ` (${here.problem})`}`
        process.stdout.write(`${p.id.padEnd(12)} ${p.name.padEnd(20)} ${p.profile.padEnd(13)} ${state}\n`)
      }
    }
    return 0
  })
}

export async function printCancelCommand(globals: GlobalOptions, job: string, opts: AsPerson): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    await client.call('printing.cancel', { job })
    process.stdout.write(`cancelled job ${job}\n`)
    return 0
  })
}

export async function printReprintCommand(globals: GlobalOptions, job: string, opts: AsPerson & { printer?: string }): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    const { ids } = await client.call('printing.reprint', { job, ...(opts.printer === undefined ? {} : { printer: opts.printer }) })
    process.stdout.write(`queued job ${ids[0]}, a reprint of ${job}\n`)
    return 0
  })
}
