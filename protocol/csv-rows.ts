import { Partner, Product, StockLocation } from './catalog.js'
import { firstIssue } from './errors.js'
import { parseUnit } from './quantity.js'
import { splitCsvRecords } from './csv-records.js'

/**
 * Catalog CSV files as ERPs export them: a header row, then one record per row; "," or ";"
 * between fields (whichever the header uses); see csv-records.ts for how a line is read. Each bad
 * row is reported with its line and reason, and the good rows of the file still count.
 *
 * products:  sku, name, unit, barcodes (several separated by | or space), then any other column
 *            is an attribute (quality, color, width...)
 * locations: code, barcode, rack, bin
 * partners:  code, name, kind (customer, supplier, both)
 */
export const IMPORT_KINDS = ['products', 'locations', 'partners'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]
export type CatalogRecord = Product | StockLocation | Partner

export interface RowProblem {
  line: number
  reason: string
}

export interface ReadRows {
  rows: Array<{ line: number; record: CatalogRecord }>
  bad: RowProblem[]
}

const REQUIRED: Record<ImportKind, readonly string[]> = {
  products: ['sku', 'name', 'unit'],
  locations: ['code'],
  partners: ['code', 'name', 'kind'],
}

export function readCatalogCsv(kind: ImportKind, text: string): ReadRows {
  const { header, records, problems } = splitCsvRecords(text)
  const bad: RowProblem[] = [...problems]
  if (header === null) return { rows: [], bad: bad.length > 0 ? bad : [{ line: 1, reason: 'the file is empty: no header row' }] }
  const columns = header.fields.map((n) => n.toLowerCase())
  const missing = REQUIRED[kind].filter((c) => !columns.includes(c))
  if (missing.length > 0) return { rows: [], bad: [{ line: header.line, reason: `the header lacks ${missing.join(', ')}` }] }
  // two columns of one name: one of them would be dropped without a word
  const named = new Set<string>()
  const twice = columns.find((c) => c !== '' && (named.has(c) || (named.add(c), false)))
  if (twice !== undefined) return { rows: [], bad: [{ line: header.line, reason: `the header names ${twice} twice` }] }
  // the record schema (zod) drops an attribute of this name without a word: refuse it instead
  if (columns.includes('__proto__'))
    return { rows: [], bad: [{ line: header.line, reason: 'the header names __proto__, which cannot be an attribute' }] }

  const rows: ReadRows['rows'] = []
  const seen = new Map<string, number>()
  for (const { line, fields } of records) {
    const record: Record<string, string> = {}
    columns.forEach((column, i) => (record[column] = fields[i]!))
    const built = build(kind, record)
    if (typeof built === 'string') {
      bad.push({ line, reason: built })
      continue
    }
    const key = 'sku' in built ? built.sku : built.code
    const first = seen.get(key)
    if (first !== undefined) {
      bad.push({ line, reason: `${key} is on line ${first} already` })
      continue
    }
    seen.set(key, line)
    rows.push({ line, record: built })
  }
  bad.sort((a, b) => a.line - b.line)
  return { rows, bad }
}

/** A record from a row, or the reason it is not one. */
function build(kind: ImportKind, row: Record<string, string>): CatalogRecord | string {
  let candidate: unknown
  switch (kind) {
    case 'products': {
      const { sku, name, unit, barcodes, ...attributes } = row
      const parsedUnit = parseUnit(unit ?? '')
      if (parsedUnit === null) return `unit "${unit ?? ''}" is not m, kg or pcs`
      candidate = {
        sku,
        name,
        unit: parsedUnit,
        barcodes: (barcodes ?? '').split(/[|\s]+/).filter(Boolean),
        attributes: Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== '')),
      }
      return check(Product.safeParse(candidate))
    }
    case 'locations':
      candidate = {
        code: row.code,
        barcode: row.barcode === '' || row.barcode === undefined ? null : row.barcode,
        rack: row.rack ?? '',
        bin: row.bin ?? '',
      }
      return check(StockLocation.safeParse(candidate))
    case 'partners':
      return check(Partner.safeParse({ code: row.code, name: row.name, kind: row.kind?.toLowerCase() }))
  }
}

function check<T>(
  result:
    { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }> } },
): T | string {
  return result.success ? result.data : firstIssue(result.error)
}
