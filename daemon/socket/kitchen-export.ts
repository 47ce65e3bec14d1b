import { stringify } from 'csv-stringify/sync'
import { neutraliseCell, type ShiftSummary, type TicketRecord } from '../../protocol/index.js'

/**
 * A shift's export: its tickets, one row per item, and its summary, as CSV or JSON. CSV quoting
 * is csv-stringify's (RFC 4180, CRLF); every text cell is neutralised first (protocol/csv-cell.ts:
 * a cell starting with = + - @ is not run as a formula by the spreadsheet that opens it).
 */

export const TICKET_COLUMNS = [
  'ticket',
  'label',
  'source',
  'state',
  'part',
  'item',
  'name',
  'qty',
  'price_cents',
  'total_cents',
  'station',
  'modifiers',
  'note',
  'allergies',
  'course',
  'fired',
  'done',
  'ready',
  'served',
  'cancel_reason',
  'oversold',
] as const

const iso = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '' : new Date(ms).toISOString())

export function ticketRows(tickets: readonly TicketRecord[]): Array<Array<string | number>> {
  const rows: Array<Array<string | number>> = []
  for (const t of tickets) {
    for (const part of t.parts) {
      for (const i of part.items) {
        rows.push([
          t.id,
          t.label,
          t.source,
          t.state,
          part.n,
          i.item,
          i.name,
          i.qty,
          i.price,
          i.qty * i.price,
          i.station,
          i.modifiers.join('; '),
          i.note ?? '',
          i.allergies.join('; '),
          i.course,
          iso(part.fired),
          iso(i.done?.at),
          iso(t.ready),
          iso(t.served),
          t.cancelled?.reason ?? '',
          t.oversold.includes(i.item) ? 'yes' : '',
        ])
      }
    }
  }
  return rows
}

export function summaryRows(s: ShiftSummary): Array<Array<string | number>> {
  const rows: Array<Array<string | number>> =
    s.shift !== null
      ? [
          ['shift', s.shift.id],
          ['who', s.shift.who],
          ['checked_in', iso(s.shift.checkedIn)],
          ['checked_out', iso(s.shift.checkedOut)],
        ]
      : // tickets fired with no shift open, in a period (shifts.summary with `outside`)
        [
          ['shift', 'outside any shift'],
          ['from', iso(s.outside?.from)],
          ['to', iso(s.outside?.to)],
        ]
  rows.push(
    ['tickets', s.tickets],
    ['items', s.items],
    ['revenue_cents', s.revenue],
    ['served', s.served],
    ['open', s.open],
    ['oversold', s.oversold],
  )
  for (const p of s.prep) rows.push([`prep_avg_ms ${p.station}`, p.averageMs ?? ''], [`prep_p90_ms ${p.station}`, p.p90Ms ?? ''])
  for (const c of s.cancellations) rows.push([`cancelled ${c.reason}`, c.tickets])
  for (const i of s.byItem) rows.push([`item ${i.item}`, i.qty])
  return rows
}

export function toCsv(header: readonly string[] | null, rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? c : neutraliseCell(c))))
  return stringify(header === null ? cells : [[...header], ...cells], { record_delimiter: '\r\n' })
}

export function exportShift(
  format: 'csv' | 'json',
  tickets: readonly TicketRecord[],
  summary: ShiftSummary,
): { tickets: string; summary: string } {
  if (format === 'json') return { tickets: JSON.stringify(tickets, null, 2), summary: JSON.stringify(summary, null, 2) }
  return { tickets: toCsv(TICKET_COLUMNS, ticketRows(tickets)), summary: toCsv(['what', 'value'], summaryRows(summary)) }
}
