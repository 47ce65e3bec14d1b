import type Hyperbee from 'hyperbee'
import { RESERVATION_TYPES, type LedgerEntry, type RollRecord } from '../../protocol/index.js'
import { BALANCE_RANGE, LEDGER_RANGE, ROLL_RANGE, balanceAtRange, rollAtRange, rollKey, rollOfRange } from './keys.js'
import { getValue, newestFirst } from './read.js'
import { checkUnits, type BalanceState, type OrderDifference, type UnitDifference } from './stock-check.js'

export type { BalanceState }

/** Rolls, the ledger and the balances derived from it. */
export class StockReader {
  constructor(private readonly bee: Hyperbee) {}

  private value<T>(key: string): Promise<T | null> {
    return getValue<T>(this.bee, key)
  }

  roll(code: string): Promise<RollRecord | null> {
    return this.value<RollRecord>(rollKey(code))
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
