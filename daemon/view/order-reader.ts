import type Hyperbee from 'hyperbee'
import type {
  ConflictRecord,
  CountRecord,
  CountVariance,
  OrderRecord,
  OrderPickList,
  Product,
  RollRecord,
  StockEvent,
} from '../../protocol/index.js'
import { lineServing } from '../../protocol/index.js'
import { getValue, newestFirst } from './read.js'
import { CONFLICT_RANGE, COUNT_RANGE, EVENT_RANGE, ORDER_RANGE, conflictKey, countKey, orderKey } from './keys.js'
import type { StockReader } from './stock-reader.js'

/** Read-side queries for orders, picking, counts, conflicts and the outbox's events. */
export class OrderReader {
  constructor(
    private readonly bee: Hyperbee,
    private readonly stock: StockReader,
  ) {}

  order(id: string): Promise<OrderRecord | null> {
    return getValue<OrderRecord>(this.bee, orderKey(id))
  }

  async orders(state: OrderRecord['state'] | undefined, limit: number): Promise<OrderRecord[]> {
    const out: OrderRecord[] = []
    for await (const { value } of this.bee.createReadStream(ORDER_RANGE)) {
      const order = value as OrderRecord
      if (state === undefined || order.state === state) out.push(order)
      if (out.length >= limit) break
    }
    return out
  }

  /** An order's rolls to pick and picked, sorted by location (the walk through the racks), and its lines. */
  async pickList(order: OrderRecord): Promise<OrderPickList> {
    const products = new Map<string, Product | null>()
    const productOf = async (sku: string) => {
      if (!products.has(sku)) products.set(sku, await this.stock.product(sku))
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

  count(id: string): Promise<CountRecord | null> {
    return getValue<CountRecord>(this.bee, countKey(id))
  }

  async counts(limit: number): Promise<CountRecord[]> {
    return newestFirst<CountRecord>(this.bee, COUNT_RANGE, limit, null)
  }

  /**
   * How a count differs from the records, now: rolls in stock here that were not scanned
   * (missing), scanned rolls the records put elsewhere (moved-here) or as lost or gone (found),
   * and scanned codes that are no roll (unknown: listed, never adjusted).
   */
  async variances(count: CountRecord): Promise<CountVariance[]> {
    const scanned = new Set(count.scans)
    const out: CountVariance[] = []
    for (const roll of await this.stock.rollsAt(count.location)) {
      if (!scanned.has(roll.code) && roll.state === 'in-stock')
        out.push({ roll: roll.code, kind: 'missing', from: null, sku: roll.sku, lot: roll.lot, milli: roll.milli })
    }
    for (const code of scanned) {
      const roll = await this.stock.roll(code)
      if (roll === null) out.push({ roll: code, kind: 'unknown', from: null, sku: null, lot: null, milli: 0 })
      else if (roll.state === 'in-stock' && roll.location !== count.location)
        out.push({ roll: code, kind: 'moved-here', from: roll.location, sku: roll.sku, lot: roll.lot, milli: roll.milli })
      else if (roll.state === 'lost' || roll.state === 'gone')
        out.push({ roll: code, kind: 'found', from: null, sku: roll.sku, lot: roll.lot, milli: roll.milli })
    }
    return out
  }

  conflict(id: string): Promise<ConflictRecord | null> {
    return getValue<ConflictRecord>(this.bee, conflictKey(id))
  }

  /** Conflicts in fold order; open ones only unless asked. */
  async conflicts(open: boolean, limit: number): Promise<ConflictRecord[]> {
    const out: ConflictRecord[] = []
    for await (const { value } of this.bee.createReadStream(CONFLICT_RANGE)) {
      const conflict = value as ConflictRecord
      if (!open || conflict.resolution === null) out.push(conflict)
      if (out.length >= limit) break
    }
    return out
  }

  async events(afterSeq: number, limit: number): Promise<StockEvent[]> {
    const out: StockEvent[] = []
    const range = afterSeq < 0 ? EVENT_RANGE : { gt: 'event/' + afterSeq.toString().padStart(12, '0'), lt: EVENT_RANGE.lt }
    for await (const { value } of this.bee.createReadStream({ ...range, limit })) out.push(value as StockEvent)
    return out
  }
}
