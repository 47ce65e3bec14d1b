import type Hyperbee from 'hyperbee'
import {
  RESERVATION_TYPES,
  type ImportOutcome,
  type LedgerEntry,
  type Partner,
  type Product,
  type RollRecord,
  type StockLocation,
} from '../../protocol/index.js'
import type { CodeEntry } from '../fold/catalog.js'
import type { BalanceState } from '../fold/stock.js'
import { getValue, newestFirst } from './read.js'
import { checkUnits, type OrderDifference, type UnitDifference } from './stock-check.js'
import {
  balanceAtRange,
  BALANCE_RANGE,
  LEDGER_RANGE,
  PRODUCT_RANGE,
  ROLL_RANGE,
  rollAtRange,
  rollOfRange,
  codeKey,
  importKey,
  locationKey,
  partnerKey,
  productKey,
  rollKey,
} from './keys.js'

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

  /** What the fold made of a `catalog.import` operation; null if it was refused whole (or is unknown). */
  importOutcome(opId: string): Promise<ImportOutcome | null> {
    return this.value<ImportOutcome>(importKey(opId))
  }

  /** What a scanned code names: one read of the code index. */
  code(code: string): Promise<CodeEntry | null> {
    return this.value<CodeEntry>(codeKey(code))
  }

  /** Rolls by product and/or location (through their indexes), or all of them. */
  async rolls(opts: { sku?: string | undefined; location?: string | undefined; limit: number }): Promise<RollRecord[]> {
    let rolls: RollRecord[]
    if (opts.location !== undefined) rolls = await this.rollsAt(opts.location, opts.sku === undefined ? opts.limit : 100_000)
    else if (opts.sku !== undefined) rolls = await this.rollsOf(opts.sku, opts.limit)
    else {
      rolls = []
      for await (const { value } of this.bee.createReadStream({ ...ROLL_RANGE, limit: opts.limit })) rolls.push(value as RollRecord)
    }
    return rolls.filter((r) => opts.sku === undefined || r.sku === opts.sku).slice(0, opts.limit)
  }

  /** Rolls of a product that are on the site (in stock or picked). */
  rollsOf(sku: string, limit = 100_000): Promise<RollRecord[]> {
    return this.indexed(rollOfRange(sku), limit)
  }

  /** Rolls recorded at a location (in stock or picked). */
  rollsAt(location: string, limit = 100_000): Promise<RollRecord[]> {
    return this.indexed(rollAtRange(location), limit)
  }

  private async indexed(range: { gte: string; lt: string }, limit: number): Promise<RollRecord[]> {
    const out: RollRecord[] = []
    for await (const { key } of this.bee.createReadStream({ ...range, limit })) {
      const roll = await this.roll(String(key).slice(String(key).indexOf(' ') + 1))
      if (roll !== null) out.push({ ...roll, order: roll.order ?? null })
    }
    return out
  }

  /** Products whose attributes include all of these (a scan of the catalog: orders by quality and colour). */
  async productsWith(attributes: Record<string, string>): Promise<Product[]> {
    const out: Product[] = []
    for await (const { value } of this.bee.createReadStream(PRODUCT_RANGE)) {
      const product = value as Product
      if (Object.entries(attributes).every(([k, v]) => product.attributes[k] === v)) out.push(product)
    }
    return out
  }

  /** Balances for one product (one range read), or all. */
  async balances(sku?: string): Promise<BalanceState[]> {
    const range = sku === undefined ? BALANCE_RANGE : { gte: `balance/${sku}/`, lt: `balance/${sku}0` }
    const out: BalanceState[] = []
    for await (const { value } of this.bee.createReadStream(range)) {
      const balance = value as BalanceState
      // a SKU may hold '/': "A" also reads "A/B"'s balances, which are not its own
      if (sku === undefined || balance.sku === sku) out.push({ ...balance, reserved: balance.reserved ?? 0 })
    }
    return out
  }

  /** Balances at one location, through their index. */
  async balancesAt(location: string): Promise<BalanceState[]> {
    const out: BalanceState[] = []
    for await (const { value } of this.bee.createReadStream(balanceAtRange(location))) {
      const balance = await this.value<BalanceState>(value as string)
      if (balance !== null) out.push({ ...balance, reserved: balance.reserved ?? 0 })
    }
    return out
  }

  async *ledger(): AsyncIterable<LedgerEntry> {
    for await (const { value } of this.bee.createReadStream(LEDGER_RANGE)) yield value as LedgerEntry
  }

  recentLedger(limit: number): Promise<LedgerEntry[]> {
    return newestFirst<LedgerEntry>(this.bee, LEDGER_RANGE, limit, null)
  }

  /**
   * Recompute every balance (on hand and reserved) from the ledger and list where the kept
   * balances differ; then hold the balances against their rolls, and orders against rolls.
   */
  async check(): Promise<{
    entries: number
    balances: number
    differences: Array<{ key: string; kept: number; ledger: number }>
    units: UnitDifference[]
    orders: OrderDifference[]
  }> {
    const sums = new Map<string, number>()
    let entries = 0
    for await (const entry of this.ledger()) {
      entries++
      const measure = RESERVATION_TYPES.includes(entry.type) ? 'reserved' : 'on hand'
      const key = `${entry.sku}/${entry.location}/${entry.lot} ${measure}`
      sums.set(key, (sums.get(key) ?? 0) + entry.milli)
    }
    const differences: Array<{ key: string; kept: number; ledger: number }> = []
    const kept = await this.balances()
    for (const b of kept) {
      for (const [measure, value] of [['on hand', b.milli] as const, ['reserved', b.reserved] as const]) {
        const key = `${b.sku}/${b.location}/${b.lot} ${measure}`
        const ledger = sums.get(key) ?? 0
        if (ledger !== value) differences.push({ key, kept: value, ledger })
        sums.delete(key)
      }
    }
    for (const [key, ledger] of sums) differences.push({ key, kept: 0, ledger })
    return { entries, balances: kept.length, differences, ...(await checkUnits(this.bee, kept)) }
  }
}
