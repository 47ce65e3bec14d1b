import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { IMPORT_KINDS, readCatalogCsv, type ImportKind, type RowProblem } from '../protocol/csv-rows.js'
import { badBytesReason, csvEncoding, decodeCsv, DEFAULT_CSV_ENCODING } from '../protocol/csv-text.js'
import { OutpostError, jsonBytes, packBySize, requestFrame, utf8Length, type ResultOf } from '../protocol/index.js'

/** Rows per request: what `catalog.import` takes at most. */
const ROWS_PER_CALL = 1000
/**
 * The share of the daemon's frame limit one request may fill. Calls are sized by their bytes, not
 * by rows alone: 1000 rows of 10 barcodes and 20 attributes are 1.2 MB, over the 1 MiB limit
 * (seen: a 1,500-product file failed whole with E_FRAME_TOO_LARGE, and no row landed).
 */
const FRAME_SHARE = 0.75

/** A catalog file read and cut into requests, before anything is sent. */
export interface ImportPlan {
  file: string
  kind: ImportKind
  source: string
  /** The rows that go to the daemon, in requests that fit its frame limit. */
  batches: Array<ReturnType<typeof readCatalogCsv>['rows']>
  rows: number
  /** Rows refused before sending: bad in the file, or too large for one request. */
  refused: RowProblem[]
}

export interface ImportSummary {
  file: string
  kind: ImportKind
  added: number
  updated: number
  /** Every refused row, by line. */
  bad: RowProblem[]
}

/**
 * Read `file` as a catalog CSV of `kind` (the CLI's `outpost import` and the TUI's Import screen
 * both): refused whole with one line when the kind, the encoding or the file is wrong.
 */
export function planImport(kind: string, file: string, opts: { encoding?: string; maxFrameBytes: number }): ImportPlan {
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw new OutpostError('E_USAGE', `import what? ${IMPORT_KINDS.join(', ')}`)
  const encoding = opts.encoding ?? DEFAULT_CSV_ENCODING
  if (csvEncoding(encoding) === null) throw new OutpostError('E_USAGE', `unknown encoding ${encoding} (try utf-8, windows-1254, latin1)`)
  let bytes: Uint8Array
  try {
    bytes = readFileSync(file)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'no permission'
            : (err as Error).message
    throw new OutpostError('E_USAGE', `cannot read ${file}: ${why}`)
  }
  const text = decodeCsv(bytes, encoding)
  if (typeof text !== 'string') {
    const remedy = 'a Windows export? --encoding windows-1254 reads Turkish, latin1 Western European'
    throw new OutpostError('E_CSV_ENCODING', `${file}:${text.line}: ${badBytesReason(text, encoding, remedy)}`)
  }
  const { rows, bad } = readCatalogCsv(kind as ImportKind, text)
  const source = basename(file)
  const envelope = utf8Length(requestFrame(Number.MAX_SAFE_INTEGER, 'catalog.import', { kind, source, rows: [] }))
  const maxBytes = Math.floor(opts.maxFrameBytes * FRAME_SHARE) - envelope
  const calls = packBySize(rows, jsonBytes, { maxItems: ROWS_PER_CALL, maxBytes })
  const refused: RowProblem[] = [...bad]
  for (const { item, bytes: size } of calls.tooLarge) {
    refused.push({
      line: item.line,
      reason: `the row is ${size} bytes as JSON; one request to the daemon holds ${maxBytes} (maxFrameBytes)`,
    })
  }
  return { file, kind: kind as ImportKind, source, batches: calls.batches, rows: rows.length, refused }
}

/** What sends a request: the socket client's `call`, narrowed to the one method an import needs. */
export type ImportCall = (
  method: 'catalog.import',
  params: { kind: ImportKind; source: string; rows: ImportPlan['batches'][number] },
) => Promise<ResultOf<'catalog.import'>>

/** Send a plan's requests one after another; `progress(sent, total)` after each (a bar, in the CLI or the TUI). */
export async function sendImport(
  call: ImportCall,
  plan: ImportPlan,
  progress?: (sent: number, total: number) => void,
): Promise<ImportSummary> {
  let added = 0
  let updated = 0
  let sent = 0
  const bad = [...plan.refused]
  for (const batch of plan.batches) {
    const outcome = await call('catalog.import', { kind: plan.kind, source: plan.source, rows: batch })
    added += outcome.added
    updated += outcome.updated
    bad.push(...outcome.bad)
    sent += batch.length
    progress?.(sent, plan.rows)
  }
  bad.sort((a, b) => a.line - b.line)
  return { file: plan.file, kind: plan.kind, added, updated, bad }
}
