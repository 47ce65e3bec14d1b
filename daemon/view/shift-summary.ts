import type { OutsidePeriod, ShiftRecord, ShiftSummary, TicketRecord } from '../../protocol/index.js'

/**
 * A service shift in numbers, from its tickets (pure, so the export and the summary agree and a
 * test can check it by hand). Prep time is per item a station bumped: the bump's time minus the
 * time its part was fired; a recall takes the bump back, so only the bump that stood counts.
 */
export function summarise(shift: ShiftRecord | null, tickets: readonly TicketRecord[], outside: OutsidePeriod | null = null): ShiftSummary {
  let items = 0
  let revenue = 0
  const byItem = new Map<string, ShiftSummary['byItem'][number]>()
  const prep = new Map<string, number[]>()
  const reasons = new Map<string, { reason: string; tickets: number }>()
  for (const t of tickets) {
    if (t.state === 'cancelled') {
      const reason = t.cancelled?.reason ?? ''
      const key = reason.toLowerCase()
      const seen = reasons.get(key) ?? { reason, tickets: 0 }
      reasons.set(key, { ...seen, tickets: seen.tickets + 1 })
      continue
    }
    for (const item of t.parts.flatMap((p) => p.items)) {
      items += item.qty
      revenue += item.qty * item.price
      const line = byItem.get(item.item) ?? { item: item.item, name: item.name, qty: 0, revenue: 0 }
      byItem.set(item.item, { ...line, qty: line.qty + item.qty, revenue: line.revenue + item.qty * item.price })
    }
    for (const bump of t.bumps) {
      for (const [p] of bump.items) {
        const part = t.parts[p]
        if (part === undefined) continue
        const times = prep.get(bump.station) ?? []
        times.push(Math.max(0, bump.at - part.fired))
        prep.set(bump.station, times)
      }
    }
  }
  const live = tickets.filter((t) => t.state !== 'cancelled')
  return {
    shift,
    outside,
    tickets: live.length,
    items,
    revenue,
    served: live.filter((t) => t.state === 'served').length,
    open: live.filter((t) => t.state !== 'served').length,
    oversold: tickets.filter((t) => t.oversold.length > 0).length,
    prep: [...prep.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([station, times]) => prepFigures(station, times)),
    cancellations: [...reasons.values()].sort((a, b) => b.tickets - a.tickets || a.reason.localeCompare(b.reason)),
    byItem: [...byItem.values()].sort((a, b) => b.qty - a.qty || a.item.localeCompare(b.item)),
  }
}

function prepFigures(station: string, times: number[]): ShiftSummary['prep'][number] {
  if (times.length === 0) return { station, items: 0, averageMs: null, p90Ms: null }
  const sorted = [...times].sort((a, b) => a - b)
  const average = Math.round(sorted.reduce((s, x) => s + x, 0) / sorted.length)
  // nearest rank: the smallest time at or under which 90% of the items were made
  const p90 = sorted[Math.ceil(0.9 * sorted.length) - 1]!
  return { station, items: sorted.length, averageMs: average, p90Ms: p90 }
}
