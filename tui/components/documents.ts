import type { LocationLabel, OrderPickList, PickList, StockLocation } from '../../protocol/index.js'

/**
 * The documents the TUI prints, built from what the daemon reads back: a pick list in walking
 * order (by location, then product, as picking.list sorts), and a shelf label.
 */
export function pickListDocument(list: OrderPickList, customer: string, quantity: (milli: number, sku: string) => string): PickList {
  const groups = new Map<string, { location: string; sku: string; name: string; milli: number; rolls: string[] }>()
  for (const item of list.items.filter((i) => i.state === 'to-pick')) {
    const key = `${item.location}\n${item.sku}`
    const group = groups.get(key) ?? { location: item.location, sku: item.sku, name: item.name, milli: 0, rolls: [] }
    group.milli += item.milli
    group.rolls.push(item.roll)
    groups.set(key, group)
  }
  const lines = [...groups.values()]
    .sort((a, b) => a.location.localeCompare(b.location) || a.sku.localeCompare(b.sku))
    .map((g) => ({
      location: g.location.slice(0, 24),
      product: g.sku.slice(0, 40),
      description: g.name.slice(0, 80),
      quantity: (quantity(g.milli, g.sku) || '-').slice(0, 24),
      rolls: g.rolls.slice(0, 50),
    }))
  // nothing held to walk to: the lines as ordered, so the picker still knows what to look for
  const asked = list.lines.map((l) => ({
    location: '?',
    product: l.ask.slice(0, 40),
    description: 'no roll held',
    quantity: '-',
    rolls: [],
  }))
  return {
    kind: 'pick-list',
    order: list.order.id,
    customer: (customer || '-').slice(0, 80),
    lines: (lines.length > 0 ? lines : asked).slice(0, 200),
  }
}

export function locationLabelDocument(location: StockLocation): LocationLabel {
  return { kind: 'location-label', code: location.code, rack: (location.rack || '-').slice(0, 24), bin: (location.bin || '-').slice(0, 24) }
}
