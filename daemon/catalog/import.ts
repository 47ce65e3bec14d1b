import { jsonBytes, packBySize, roleAllows, type CatalogImportPayload, type OperationDraft } from '../../protocol/index.js'
import { catalogCodes } from '../fold/catalog.js'
import type { OutpostNode } from '../node.js'
import type { CatalogRecord, ImportKind, RowProblem } from './csv-rows.js'

/** Rows per operation (the payload's schema allows 1000): a bulk import is a few large operations, never one per row. */
export const ROWS_PER_OPERATION = 1000
/**
 * An operation's rows take at most this many bytes as JSON, and one row larger than that is a bad
 * row. Counting rows alone let a block grow without bound: 1000 rows of 20 attributes are 1.2 MB,
 * and a row may have any number of attribute columns, while a replicated block travels as one
 * secret-stream message of at most 16 MiB. The catalog rows the bench imports (100 bytes each)
 * still go 1000 to an operation.
 */
export const OPERATION_MAX_BYTES = 256 * 1024
/** Operations per log block, and the bytes of their rows, so that one block stays about a megabyte or less. */
const OPERATIONS_PER_BLOCK = 5
const BLOCK_MAX_BYTES = 1024 * 1024
/**
 * The view writes a row makes, about: its record, its owner's history entry, its field stamps,
 * and one per code (a product's SKU and each barcode). Measured: 1,000 products with 0, 1 and 5
 * barcodes made 4,000, 5,000 and 9,000. A block is folded in one update whatever its size, on
 * every node (a joining one too), so under the memory bound the rows go into operations and
 * blocks of at most the node's groupWrites (see daemon/memory.ts); 5 operations of 1,000 such rows
 * a block were up to ~45,000 writes.
 */
const ROW_WRITES = 3

export interface ImportReport {
  added: number
  updated: number
  bad: RowProblem[]
}

/**
 * Append `rows` as `catalog.import` operations made by `person`, and report what the fold made of
 * them. The fold judges each row against the view (a code that names something else already, a
 * unit that would change under stock) and skips a bad one without refusing the good ones; it
 * reads each thing once, where checking here first took as long again as the fold itself
 * (measured: 100,000 products, 18 s of checks before a 16 s fold).
 */
export async function importRecords(
  node: OutpostNode,
  kind: ImportKind,
  source: string,
  rows: Array<{ line: number; record: CatalogRecord }>,
  person: string,
): Promise<ImportReport> {
  // the fold refuses a whole operation by anyone but a manager: say so once, not per 1000 rows
  const who = await node.read.people.person(person)
  if (who === null || !who.active || !roleAllows(who.role, ['manager'])) {
    return { added: 0, updated: 0, bad: [{ line: 0, reason: `${person} is not an active manager: only a manager imports the catalog` }] }
  }
  const { good, bad } = withoutRepeatedCodes(kind, rows)
  // each row measured once: the cut by view writes below packs the same rows again
  const measured = good.map((row) => ({ row, bytes: jsonBytes(row) }))
  const bytesOf = (m: (typeof measured)[number]) => m.bytes
  const byBytes = packBySize(measured, bytesOf, { maxItems: ROWS_PER_OPERATION, maxBytes: OPERATION_MAX_BYTES })
  for (const { item, bytes } of byBytes.tooLarge) {
    bad.push({
      line: item.row.line,
      reason: `the row is ${kilobytes(bytes)} as JSON; a row may be at most ${kilobytes(OPERATION_MAX_BYTES)}`,
    })
  }
  const weightOf = (m: (typeof measured)[number]) => ROW_WRITES + catalogCodes(kind, m.row.record).codes.length
  // under the memory bound each operation is cut again where its rows would make more view writes than a group may
  const cuts =
    node.groupWrites > 0
      ? byBytes.batches.map((batch) =>
          packBySize(batch, bytesOf, { maxItems: batch.length, maxBytes: OPERATION_MAX_BYTES, weightOf, maxWeight: node.groupWrites }),
        )
      : [byBytes]
  const sizes = cuts.flatMap((cut) => cut.bytes)
  const drafts = cuts
    .flatMap((cut) => cut.batches)
    .map((batch, i) => ({
      draft: { type: 'catalog.import', payload: { kind, source, rows: batch.map((m) => m.row) } } satisfies OperationDraft,
      bytes: sizes[i]!,
    }))
  // each operation's rows are measured already: measuring whole payloads again cost as long again
  const blocks = packBySize(drafts, (op) => op.bytes, {
    maxItems: node.groupWrites > 0 ? 1 : OPERATIONS_PER_BLOCK,
    maxBytes: BLOCK_MAX_BYTES,
  })
  // the whole import must fit, or it is refused before its first block (E_STORAGE_FULL): a full
  // disk does not leave half a catalog imported
  await node.disk.assertRoom(sizes.reduce((sum, bytes) => sum + bytes, 0))
  const report: ImportReport = { added: 0, updated: 0, bad }
  for (const block of blocks.batches) {
    // resolves once the block is folded, so each operation's outcome can be read; no dry run
    // first: the fold's verdict per row is read afterwards (checking first doubled the time)
    const { ids } = await node.submit(
      block.map((op) => op.draft),
      person,
      { dryRun: false },
    )
    for (const [i, id] of ids.entries()) {
      const op = { id, payload: block[i]!.draft.payload }
      const outcome = await node.read.catalog.importOutcome(op.id)
      if (outcome === null) {
        // the whole operation was refused (its person removed meanwhile, say): none of its rows landed
        const audit = (await node.read.system.audit({ limit: 50, type: 'catalog.import' })).find((entry) => entry.id === op.id)
        const reason =
          audit === undefined
            ? `operation ${op.id} is in the log but not folded yet: see the audit trail`
            : `refused: ${audit.reason ?? '?'}`
        report.bad.push(...(op.payload as CatalogImportPayload).rows.map(({ line }) => ({ line, reason })))
        continue
      }
      report.added += outcome.added
      report.updated += outcome.updated
      report.bad.push(...outcome.refused)
    }
  }
  report.bad.sort((a, b) => a.line - b.line)
  return report
}

const kilobytes = (bytes: number): string => `${Math.ceil(bytes / 1024).toLocaleString('en')} KB`

/**
 * A code (SKU, barcode, location code) that two rows of one file give to two different things:
 * the later row is refused here, in memory, with a reason that points into the file. The fold
 * would refuse it too, but could only say whose the code already is.
 */
function withoutRepeatedCodes(
  kind: ImportKind,
  rows: Array<{ line: number; record: CatalogRecord }>,
): { good: Array<{ line: number; record: CatalogRecord }>; bad: RowProblem[] } {
  const claimed = new Map<string, string>()
  const good: Array<{ line: number; record: CatalogRecord }> = []
  const bad: RowProblem[] = []
  for (const row of rows) {
    const { owner, codes } = catalogCodes(kind, row.record)
    const repeated = codes.find((code) => (claimed.get(code) ?? owner) !== owner)
    if (repeated !== undefined) {
      bad.push({ line: row.line, reason: `code ${repeated} is also the ${claimed.get(repeated)!} in this file` })
      continue
    }
    for (const code of codes) claimed.set(code, owner)
    good.push(row)
  }
  return { good, bad }
}
