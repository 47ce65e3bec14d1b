import type Hyperbee from 'hyperbee'
import type { CountRecord, CountVariance } from '../../protocol/index.js'
import { COUNT_RANGE, countKey } from './keys.js'
import { getValue, newestFirst } from './read.js'
import type { StockReader } from './stock-reader.js'

/** Count sessions and how each differs from the records now. */
export class CountingReader {
  constructor(
    private readonly bee: Hyperbee,
    private readonly stock: StockReader,
  ) {}

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
}
