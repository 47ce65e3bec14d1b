import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { TICKET_COLUMNS, exportShift } from '../../../daemon/socket/kitchen-export.js'
import { summarise } from '../../../daemon/view/shift-summary.js'
import type { ShiftRecord, TicketRecord } from '../../../protocol/index.js'

/**
 * The shift summary's figures, worked out by hand, and the export read back by an independent CSV
 * parser (csv-parse): the right totals, and formula cells neutralised.
 */
const shift: ShiftRecord = {
  id: 'lunch',
  kind: 'truck',
  who: 'Truck 1',
  state: 'open',
  checkedIn: 0,
  pauses: [],
  checkedOut: null,
  by: 'kim',
}

function ticket(
  id: string,
  opts: { grill: number[]; cold?: number[]; state?: TicketRecord['state']; reason?: string; label?: string },
): TicketRecord {
  const fired = 1_000_000
  const items = [
    ...opts.grill.map(() => ({ item: 'burger', name: 'Burger', qty: 2, station: 'grill', price: 1250 })),
    ...(opts.cold ?? []).map(() => ({ item: 'salad', name: '=Salad', qty: 1, station: 'cold', price: 700 })),
  ].map((i) => ({ ...i, modifiers: ['-no onion'], note: '@chef', allergies: [], course: 1, done: null }))
  const bumps = [
    ...opts.grill.map((ms, i) => ({
      station: 'grill',
      items: [[0, i]] as Array<[number, number]>,
      by: 'kim',
      at: fired + ms,
      op: `b${i}`,
    })),
    ...(opts.cold ?? []).map((ms, i) => ({
      station: 'cold',
      items: [[0, opts.grill.length + i]] as Array<[number, number]>,
      by: 'kim',
      at: fired + ms,
      op: `c${i}`,
    })),
  ]
  return {
    id,
    source: 'counter',
    label: opts.label ?? 'table 1',
    note: null,
    shift: 'lunch',
    state: opts.state ?? 'served',
    held: null,
    parts: [{ n: 0, items, fired, by: 'kim', node: 'n', op: 'f' }],
    bumps,
    fired,
    started: null,
    ready: null,
    served: null,
    cancelled: opts.state === 'cancelled' ? { reason: opts.reason ?? 'customer left', by: 'kim', at: fired, node: 'n' } : null,
    recalls: 0,
    servedN: null,
    oversold: [],
    seq: 1,
  }
}

// grill prep times (s): 60, 120, 180, ..., 600 over ten items; cold: 30 and 90
const tickets = [
  ticket('A', { grill: [60_000, 120_000, 180_000, 240_000, 300_000], cold: [30_000] }),
  ticket('B', { grill: [360_000, 420_000, 480_000, 540_000, 600_000], cold: [90_000], label: '+table 9' }),
  ticket('C', { grill: [5_000], state: 'cancelled', reason: 'Customer left' }),
  ticket('D', { grill: [5_000], state: 'cancelled', reason: 'customer left' }),
  ticket('E', { grill: [5_000], state: 'cancelled', reason: 'burnt' }),
]

describe('shift summary', () => {
  const s = summarise(shift, tickets)
  it('counts tickets, portions and revenue of tickets not cancelled', () => {
    expect(s.tickets).toBe(2)
    expect(s.items).toBe(10 * 2 + 2)
    expect(s.revenue).toBe(20 * 1250 + 2 * 700)
  })
  it('prep time per station: average and p90 (nearest rank)', () => {
    expect(s.prep).toEqual([
      { station: 'cold', items: 2, averageMs: 60_000, p90Ms: 90_000 },
      { station: 'grill', items: 10, averageMs: 330_000, p90Ms: 540_000 },
    ])
  })
  it('cancellations by reason, without regard to case', () => {
    expect(s.cancellations).toEqual([
      { reason: 'Customer left', tickets: 2 },
      { reason: 'burnt', tickets: 1 },
    ])
  })
})

describe('export', () => {
  const s = summarise(shift, tickets)
  it('CSV: one row per item, totals that add up, formula cells neutralised', () => {
    const out = exportShift('csv', tickets, s)
    const rows = parse<Record<string, string>>(out.tickets, { columns: true })
    expect(Object.keys(rows[0]!)).toEqual([...TICKET_COLUMNS])
    const live = rows.filter((r) => r.state !== 'cancelled')
    expect(live.reduce((sum, r) => sum + Number(r.total_cents), 0)).toBe(s.revenue)
    expect(live.reduce((sum, r) => sum + Number(r.qty), 0)).toBe(s.items)
    const salad = rows.find((r) => r.item === 'salad')!
    expect(salad.name).toBe("'=Salad")
    expect(salad.modifiers).toBe("'-no onion")
    expect(salad.note).toBe("'@chef")
    expect(rows.find((r) => r.ticket === 'B')!.label).toBe("'+table 9")
    const summary = Object.fromEntries(parse(out.summary, { from_line: 2 }) as Array<[string, string]>)
    expect(Number(summary.revenue_cents)).toBe(s.revenue)
    expect(Number(summary['prep_p90_ms grill'])).toBe(540_000)
    expect(out.tickets.includes('\r\n')).toBe(true)
  })
  it('JSON: the records and the summary as they are', () => {
    const out = exportShift('json', tickets, s)
    expect((JSON.parse(out.tickets) as TicketRecord[]).map((t) => t.id)).toEqual(['A', 'B', 'C', 'D', 'E'])
    expect(JSON.parse(out.summary)).toEqual(s)
  })
})
