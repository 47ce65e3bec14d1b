import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { IMPORT_KINDS, readCatalogCsv, type ImportKind, type RowProblem } from '../../daemon/catalog/csv-rows.js'
import { badBytesReason, csvEncoding, decodeCsv, DEFAULT_CSV_ENCODING } from '../../daemon/catalog/csv-text.js'
import { resolveConfig } from '../../daemon/config.js'
import { OutpostError, jsonBytes, packBySize, requestFrame, utf8Length } from '../../protocol/index.js'
import type { GlobalOptions } from '../outpost.js'
import { withDaemon } from './connect.js'

/** Rows per request: what `catalog.import` takes at most. */
const ROWS_PER_CALL = 1000
/**
 * The share of the daemon's frame limit one request may fill. Calls are sized by their bytes, not
 * by rows alone: 1000 rows of 10 barcodes and 20 attributes are 1.2 MB, over the 1 MiB limit
 * (seen: a 1,500-product file failed whole with E_FRAME_TOO_LARGE, and no row landed).
 */
const FRAME_SHARE = 0.75

/** A progress bar on stderr (cli-progress), loaded only when one is drawn. */
async function progressBar(total: number): Promise<{ update(n: number): void; stop(): void }> {
  const { SingleBar, Presets } = (await import('cli-progress')).default
  const bar = new SingleBar(
    { format: 'importing [{bar}] {value}/{total} rows, {eta_formatted} left', stream: process.stderr, hideCursor: true },
    Presets.legacy,
  )
  bar.start(total, 0)
  return bar
}

/**
 * `outpost import products|locations|partners FILE.csv`: the file is read here, its good rows go
 * to the daemon in requests that fit its frame limit, and every bad row is reported as
 * FILE:LINE: reason. Exit 0 when every row landed, 1 when some were refused (the good ones landed
 * all the same) or the file was not the encoding it was read as (then nothing landed).
 */
export async function importCommand(
  globals: GlobalOptions,
  kind: string,
  file: string,
  opts: { as?: string; json?: boolean; encoding?: string },
): Promise<number> {
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw new OutpostError('E_USAGE', `import what? ${IMPORT_KINDS.join(', ')}`)
  const encoding = opts.encoding ?? DEFAULT_CSV_ENCODING
  if (csvEncoding(encoding) === null) throw new OutpostError('E_USAGE', `unknown encoding ${encoding} (try utf-8, windows-1254, latin1)`)
  let bytes: Uint8Array
  try {
    bytes = readFileSync(file)
  } catch (err) {
    throw new OutpostError('E_USAGE', `cannot read ${file}: ${(err as Error).message}`)
  }
  const text = decodeCsv(bytes, encoding)
  if (typeof text !== 'string') {
    const remedy = 'a Windows export? --encoding windows-1254 reads Turkish, latin1 Western European'
    throw new OutpostError('E_CSV_ENCODING', `${file}:${text.line}: ${badBytesReason(text, encoding, remedy)}`)
  }
  const { rows, bad } = readCatalogCsv(kind as ImportKind, text)
  const source = basename(file)
  const { maxFrameBytes } = resolveConfig({ dataDir: globals.dataDir, env: process.env })
  const envelope = utf8Length(requestFrame(Number.MAX_SAFE_INTEGER, 'catalog.import', { kind, source, rows: [] }))
  const maxBytes = Math.floor(maxFrameBytes * FRAME_SHARE) - envelope
  const calls = packBySize(rows, jsonBytes, { maxItems: ROWS_PER_CALL, maxBytes })
  const refused: RowProblem[] = [...bad]
  for (const { item, bytes: size } of calls.tooLarge) {
    refused.push({
      line: item.line,
      reason: `the row is ${size} bytes as JSON; one request to the daemon holds ${maxBytes} (maxFrameBytes)`,
    })
  }
  return withDaemon(globals, opts.as, async (client) => {
    let added = 0
    let updated = 0
    // 5,000 products took 2.6 s and 100,000 about 19 s with no sign of life (issue #21): a bar on a
    // terminal when there is more than one request to make; scripts (no TTY, --json) get none
    const bar = calls.batches.length > 1 && process.stderr.isTTY && opts.json !== true ? await progressBar(rows.length) : null
    let sent = 0
    try {
      for (const batch of calls.batches) {
        const outcome = await client.call('catalog.import', { kind: kind as ImportKind, source, rows: batch })
        added += outcome.added
        updated += outcome.updated
        refused.push(...outcome.bad)
        sent += batch.length
        bar?.update(sent)
      }
    } finally {
      bar?.stop()
    }
    refused.sort((a, b) => a.line - b.line)
    if (opts.json === true) process.stdout.write(JSON.stringify({ file, kind, added, updated, bad: refused }, null, 2) + '\n')
    else {
      process.stdout.write(`${file}: ${added} added, ${updated} updated, ${refused.length} refused\n`)
      for (const problem of refused) process.stderr.write(`${file}:${problem.line}: ${problem.reason}\n`)
    }
    return refused.length === 0 ? 0 : 1
  })
}
