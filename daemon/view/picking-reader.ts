import { lineServing, type OrderPickList, type OrderRecord, type Product, type RollRecord } from '../../protocol/index.js'
import type { CatalogReader } from './catalog-reader.js'
import type { StockReader } from './stock-reader.js'

/** An order's pick list: what to pick where, and how each line stands. */
export class PickingReader {
  constructor(
    private readonly catalog: CatalogReader,
    private readonly stock: StockReader,
  ) {}

  /** An order's rolls to pick and picked, sorted by location (the walk through the racks), and its lines. */
  async pickList(order: OrderRecord): Promise<OrderPickList> {
    const products = new Map<string, Product | null>()
    const productOf = async (sku: string) => {
      if (!products.has(sku)) products.set(sku, await this.catalog.product(sku))
      return products.get(sku) ?? null
    }
    const items: OrderPickList['items'] = []
    const lineOf = async (roll: RollRecord) => {
      const product = await productOf(roll.sku)
      return lineServing(order.lines, product)
    }
    for (const [state, codes] of [['to-pick', order.held] as const, ['picked', order.picked] as const]) {
      for (const code of codes) {
        const roll = await this.stock.roll(code)
        if (roll === null) continue
        const name = (await productOf(roll.sku))?.name ?? roll.sku
        items.push({
          roll: code,
          sku: roll.sku,
          name,
          lot: roll.lot,
          location: roll.location,
          milli: roll.milli,
          state,
          line: await lineOf(roll),
        })
      }
    }
    items.sort((a, b) => (a.location === b.location ? a.roll.localeCompare(b.roll) : a.location.localeCompare(b.location)))
    const lines = order.lines.map((line, i) => {
      const of = (state: string) => items.filter((it) => it.line === i && it.state === state).reduce((sum, it) => sum + it.milli, 0)
      return {
        line: i,
        ask: line.sku ?? `${line.quality} ${line.color}`,
        ordered: line.milli,
        held: of('to-pick'),
        picked: of('picked'),
        shorts: order.shorts.filter((s) => s.line === i).length,
      }
    })
    return { order, lines, items }
  }
}
