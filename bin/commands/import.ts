import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { IMPORT_KINDS, readCatalogCsv, type ImportKind, type RowProblem } from '../../daemon/catalog/csv-rows.js'
import { OutpostError } from '../../protocol/index.js'
import type { GlobalOptions } from '../outpost.js'
import { withDaemon } from './connect.js'

/** Rows per request: well under the socket's frame limit for any catalog row. */
const ROWS_PER_CALL = 1000

/**
 * `outpost import products|locations|partners FILE.csv`: the file is read here, its good rows go
 * to the daemon a thousand at a time, and every bad row is reported as FILE:LINE: reason.
 * Exit 0 when every row landed, 1 when some were refused (the good ones landed all the same).
 */
export async function importCommand(
  globals: GlobalOptions,
  kind: string,
  file: string,
  opts: { as?: string; json?: boolean },
): Promise<number> {
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw new OutpostError('E_USAGE', `import what? ${IMPORT_KINDS.join(', ')}`)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new OutpostError('E_USAGE', `cannot read ${file}: ${(err as Error).message}`)
  }
  const { rows, bad } = readCatalogCsv(kind as ImportKind, text)
  return withDaemon(globals, opts.as, async (client) => {
    let added = 0
    let updated = 0
    const refused: RowProblem[] = [...bad]
    for (let i = 0; i < rows.length; i += ROWS_PER_CALL) {
      const outcome = await client.call('catalog.import', {
        kind: kind as ImportKind,
        source: basename(file),
        rows: rows.slice(i, i + ROWS_PER_CALL),
      })
      added += outcome.added
      updated += outcome.updated
      refused.push(...outcome.bad)
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
