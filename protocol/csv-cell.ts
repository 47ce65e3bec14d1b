/**
 * Writing CSV that a spreadsheet will open. A catalog keeps what the ERP sent, as typed: a product
 * named `=HYPERLINK("http://x","Poplin")` is stored with that name. But a spreadsheet runs a cell
 * that starts with = + - @ (or a tab or CR before one) as a formula (OWASP, "CSV Injection"),
 * so every CSV or spreadsheet-like export must write its cells through `csvCell` / `csvLine`,
 * which neutralise such a cell with a leading apostrophe. Only the exported text changes, never
 * the stored value. Exports to come (the kitchen's shift summary, webhook payloads that end in a
 * spreadsheet) must call these too.
 */

/**
 * OWASP's list, plus the fullwidth forms (＝ ＋ － ＠), which some spreadsheet versions also
 * read as the start of a formula.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/
/** A plain number ("-12", "+3.5", "-1,5") is never a formula: a ledger's negative quantity stays a number. */
const PLAIN_NUMBER = /^[+-]?\d+([.,]\d+)?$/

/** The cell's text as a spreadsheet will show it, never run it: `'` before a formula-leading cell. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value
}

/**
 * One CSV field: neutralised, then quoted when it holds the delimiter, a quote or a line break
 * (RFC 4180: a quote inside a quoted field is written twice).
 */
export function csvCell(value: string | number | null | undefined, delimiter = ','): string {
  const text = neutraliseCell(value === null || value === undefined ? '' : String(value))
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One CSV line of `cells`, ending in CRLF as RFC 4180 and Excel expect. */
export function csvLine(cells: ReadonlyArray<string | number | null | undefined>, delimiter = ','): string {
  return cells.map((cell) => csvCell(cell, delimiter)).join(delimiter) + '\r\n'
}
