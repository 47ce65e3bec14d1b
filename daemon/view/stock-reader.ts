import type Hyperbee from 'hyperbee'
import type { LedgerEntry, Partner, Product, RollRecord, StockLocation } from '../../protocol/index.js'
import type { CodeEntry } from '../fold/catalog.js'
import type { BalanceState } from '../fold/stock.js'
import { getValue, newestFirst } from './read.js'
import { BALANCE_RANGE, LEDGER_RANGE, ROLL_RANGE, codeKey, locationKey, partnerKey, productKey, rollKey } from './keys.js'

/** Read-side queries for the catalog and stock. */
export class StockReader {
  constructor(private readonly bee: Hyperbee) {}

  private value<T>(key: string): Promise<T | null> {
    return getValue<T>(this.bee, key)
  }

  product(sku: string): Promise<Product | null> {
    return this.value<Product>(productKey(sku))
  }

  location(code: string): Promise<StockLocation | null> {
    return this.value<StockLocation>(locationKey(code))
  }

  partner(code: string): Promise<Partner | null> {
    return this.value<Partner>(partnerKey(code))
  }

  roll(code: string): Promise<RollRecord | null> {
    return this.value<RollRecord>(rollKey(code))
  }

  /** What a scanned code names: one read of the code index. */
  code(code: string): Promise<CodeEntry | null> {
    return this.value<CodeEntry>(codeKey(code))
  }

  async rolls(opts: { sku?: string | undefined; location?: string | undefined; limit: number }): Promise<RollRecord[]> {
    const out: RollRecord[] = []
    for await (const { value } of this.bee.createReadStream(ROLL_RANGE)) {
      const roll = value as RollRecord
      if (opts.sku !== undefined && roll.sku !== opts.sku) continue
      if (opts.location !== undefined && roll.location !== opts.location) continue
      out.push(roll)
      if (out.length >= opts.limit) break
    }
    return out
  }

  /** Balances for one product (one range read), or all. */
  async balances(sku?: string): Promise<BalanceState[]> {
    const range = sku === undefined ? BALANCE_RANGE : { gte: `balance/${sku}/`, lt: `balance/${sku}0` }
    const out: BalanceState[] = []
    for await (const { value } of this.bee.createReadStream(range)) out.push(value as BalanceState)
    return out
  }

  async *ledger(): AsyncIterable<LedgerEntry> {
    for await (const { value } of this.bee.createReadStream(LEDGER_RANGE)) yield value as LedgerEntry
  }

  recentLedger(limit: number): Promise<LedgerEntry[]> {
    return newestFirst<LedgerEntry>(this.bee, LEDGER_RANGE, limit, null)
  }

  /** Recompute every balance from the ledger and list where the kept balances differ. */
  async check(): Promise<{ entries: number; balances: number; differences: Array<{ key: string; kept: number; ledger: number }> }> {
    const sums = new Map<string, number>()
    let entries = 0
    for await (const entry of this.ledger()) {
      entries++
      const key = `${entry.sku}/${entry.location}/${entry.lot}`
      sums.set(key, (sums.get(key) ?? 0) + entry.milli)
    }
    const differences: Array<{ key: string; kept: number; ledger: number }> = []
    const kept = await this.balances()
    for (const b of kept) {
      const key = `${b.sku}/${b.location}/${b.lot}`
      const ledger = sums.get(key) ?? 0
      if (ledger !== b.milli) differences.push({ key, kept: b.milli, ledger })
      sums.delete(key)
    }
    for (const [key, ledger] of sums) differences.push({ key, kept: 0, ledger })
    return { entries, balances: kept.length, differences }
  }
}
