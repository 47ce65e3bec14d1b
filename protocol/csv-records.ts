/**
 * CSV text as records, one per physical line, each with its line number.
 *
 * Why not csv-parse (which this replaced): it reads a quoted field across line ends, as RFC 4180
 * allows, so one quote an ERP or a hand left open took every line after it into one field and
 * failed at the end of the file (seen: `4;"Poplin;m` lost rows 5 to 1,500, reported as one error
 * at the last line). It has no way to resume at the next line.
 *
 * Here a record never crosses a line end. A catalog field (SKU, name of 80 characters, unit,
 * barcodes, an attribute of 40) goes on one label line or one list row, so a line break inside
 * one is never right: a quote still open at the end of its line makes that line a bad row,
 * reported alone with its reason, and the next line is read on its own. A quoted field that
 * really held a line break (Alt+Enter in an Excel cell) is reported too, as its two lines,
 * rather than imported as a name with a line break in it.
 *
 * Otherwise RFC 4180: "," or ";" between fields, a field in quotes may hold the delimiter, and a
 * quote inside it is written twice. A quote inside an unquoted field is kept as typed (15" LCD).
 * Spaces and tabs around a field are dropped. Line ends are LF, CRLF or a lone CR.
 */

export interface CsvRecord {
  line: number
  fields: string[]
}

export interface CsvProblem {
  line: number
  reason: string
}

export interface CsvRecords {
  /** The header's fields, from the first line that is not blank; null when every line is blank. */
  header: CsvRecord | null
  records: CsvRecord[]
  problems: CsvProblem[]
}

const BLANK = /^[ \t]*$/

/** The delimiter a header uses: ";" when it has more of them than ",". */
export function delimiterOf(headerLine: string): ',' | ';' {
  let semicolons = 0
  let commas = 0
  for (const c of headerLine) {
    if (c === ';') semicolons++
    else if (c === ',') commas++
  }
  return semicolons > commas ? ';' : ','
}

/** Columns a file may have: a header with more is refused before any row is read. */
export const MAX_COLUMNS = 1000

export function splitCsvRecords(text: string): CsvRecords {
  // a BOM is dropped by the decoder (csv-text.ts); this is for text that came another way
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
  const first = lines.findIndex((line) => !BLANK.test(line))
  if (first === -1) return { header: null, records: [], problems: [] }
  const delimiter = delimiterOf(lines[first]!)
  const head = fieldsOf(lines[first]!, delimiter)
  if (typeof head === 'string') return { header: null, records: [], problems: [{ line: first + 1, reason: `the header: ${head}` }] }
  // a row of 100,000 attribute columns took 6 s to read (measured, loaded machine), in the daemon
  // for a drop folder; no ERP exports a thousand, and a row of over 3,500 could not be sent anyway
  if (head.length > MAX_COLUMNS) {
    const reason = `the header has ${head.length} columns; a catalog file has at most ${MAX_COLUMNS}`
    return { header: null, records: [], problems: [{ line: first + 1, reason }] }
  }
  const records: CsvRecord[] = []
  const problems: CsvProblem[] = []
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i]!
    if (BLANK.test(line)) continue
    const fields = fieldsOf(line, delimiter)
    if (typeof fields === 'string') problems.push({ line: i + 1, reason: fields })
    else if (fields.length !== head.length)
      problems.push({ line: i + 1, reason: `wrong number of fields: ${fields.length}, where the header has ${head.length}` })
    else records.push({ line: i + 1, fields })
  }
  return { header: { line: first + 1, fields: head }, records, problems }
}

/** The fields of one line, or why it has none. */
export function fieldsOf(line: string, delimiter: string): string[] | string {
  // most lines of an ERP export have no quote at all: split them at once
  if (!line.includes('"')) return line.split(delimiter).map((field) => field.trim())
  const fields: string[] = []
  let at = 0
  for (;;) {
    let start = at
    while (line[start] === ' ' || line[start] === '\t') start++
    if (line[start] !== '"') {
      const end = line.indexOf(delimiter, at)
      fields.push(line.slice(at, end === -1 ? line.length : end).trim())
      if (end === -1) return fields
      at = end + delimiter.length
      continue
    }
    // a quoted field: runs to the quote that is not doubled
    let value = ''
    let from = start + 1
    for (;;) {
      const quote = line.indexOf('"', from)
      if (quote === -1) return `a quote opens field ${fields.length + 1} and is not closed on this line (a field never spans lines)`
      value += line.slice(from, quote)
      if (line[quote + 1] === '"') {
        value += '"'
        from = quote + 2
        continue
      }
      from = quote + 1
      break
    }
    while (line[from] === ' ' || line[from] === '\t') from++
    fields.push(value)
    if (from >= line.length) return fields
    if (!line.startsWith(delimiter, from))
      return `field ${fields.length}: ${JSON.stringify(line[from])} after its closing quote (a quote inside a quoted field is written twice: "")`
    at = from + delimiter.length
  }
}
