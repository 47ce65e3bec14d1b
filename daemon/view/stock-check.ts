import type Hyperbee from 'hyperbee'
import type { OrderRecord, RollRecord } from '../../protocol/index.js'
import { ORDER_RANGE, ROLL_RANGE } from './keys.js'

/** A balance record of the view (per product, shelf and lot); the check reads them, the reader hands them out. */
export interface BalanceState {
  sku: string
  location: string
  lot: string
  /** On hand. */
  milli: number
  /** Held for orders (RESERVATION_ALLOCATION minus RESERVATION_RELEASE). */
  reserved: number
}

/** A balance that no longer equals the rolls it counts. */
export interface UnitDifference {
  /** `sku/location/lot on hand` or `... reserved`, as in the ledger check. */
  key: string
  balance: number
  rolls: number
}

/** An order and a roll that disagree about each other. */
export interface OrderDifference {
  order: string
  roll: string
  problem: string
}

/**
 * The pairs of facts the fold keeps in step besides ledger and balances (SPEC "Conflicts" rule 3:
 * balances are checked against the units they count). Seen (issue #14): a roll shipped on two
 * nodes left its lot at 2,515.5 m against 2,518.5 m of rolls, and the ledger check said consistent.
 *
 * - on hand, per product, location and lot = the rolls there in stock or picked;
 * - reserved = the rolls there in stock held for an order;
 * - an open order's held and picked rolls = the rolls held or picked for it;
 * - a roll gone with an order is listed in its fulfilment, and no roll in two fulfilments.
 */
export async function checkUnits(
  bee: Hyperbee,
  balances: readonly BalanceState[],
): Promise<{ units: UnitDifference[]; orders: OrderDifference[] }> {
  const counted = new Map<string, number>()
  const add = (key: string, milli: number) => counted.set(key, (counted.get(key) ?? 0) + milli)
  const rolls = new Map<string, RollRecord>()
  for await (const { value } of bee.createReadStream(ROLL_RANGE)) {
    const roll = value as RollRecord
    rolls.set(roll.code, roll)
    const at = `${roll.sku}/${roll.location}/${roll.lot}`
    if (roll.state === 'in-stock' || roll.state === 'picked') add(`${at} on hand`, roll.milli)
    if (roll.state === 'in-stock' && (roll.order ?? null) !== null) add(`${at} reserved`, roll.milli)
  }
  const units: UnitDifference[] = []
  for (const b of balances) {
    for (const [measure, value] of [['on hand', b.milli] as const, ['reserved', b.reserved ?? 0] as const]) {
      const key = `${b.sku}/${b.location}/${b.lot} ${measure}`
      const sum = counted.get(key) ?? 0
      if (sum !== value) units.push({ key, balance: value, rolls: sum })
      counted.delete(key)
    }
  }
  for (const [key, sum] of counted) if (sum !== 0) units.push({ key, balance: 0, rolls: sum })
  return { units, orders: await checkOrders(bee, rolls) }
}

async function checkOrders(bee: Hyperbee, rolls: ReadonlyMap<string, RollRecord>): Promise<OrderDifference[]> {
  const out: OrderDifference[] = []
  const listed = { held: new Set<string>(), picked: new Set<string>(), shipped: new Set<string>() }
  const shippedWith = new Map<string, string>()
  for await (const { value } of bee.createReadStream(ORDER_RANGE)) {
    const order = value as OrderRecord
    for (const [list, state] of [
      [order.held, 'in-stock'],
      [order.picked, 'picked'],
    ] as const) {
      for (const code of list) {
        const roll = rolls.get(code)
        listed[state === 'in-stock' ? 'held' : 'picked'].add(`${order.id} ${code}`)
        if (roll === undefined || roll.state !== state || roll.order !== order.id) {
          const what = state === 'in-stock' ? 'holds' : 'has picked'
          out.push({ order: order.id, roll: code, problem: `${what} it, but the roll is ${describe(roll)}` })
        }
      }
    }
    for (const { code } of order.fulfilled?.rolls ?? []) {
      listed.shipped.add(`${order.id} ${code}`)
      const before = shippedWith.get(code)
      if (before !== undefined) out.push({ order: order.id, roll: code, problem: `shipped it, and so did order ${before}` })
      else shippedWith.set(code, order.id)
    }
  }
  for (const roll of rolls.values()) {
    const order = roll.order ?? null
    if (order === null) continue
    if (roll.state === 'in-stock' && !listed.held.has(`${order} ${roll.code}`))
      out.push({ order, roll: roll.code, problem: 'the roll is held for it, but the order does not hold it' })
    if (roll.state === 'picked' && !listed.picked.has(`${order} ${roll.code}`))
      out.push({ order, roll: roll.code, problem: 'the roll is picked for it, but the order does not list it' })
    if (roll.state === 'gone' && !listed.shipped.has(`${order} ${roll.code}`))
      out.push({ order, roll: roll.code, problem: 'the roll left with it, but its fulfilment does not list it' })
  }
  return out
}

function describe(roll: RollRecord | undefined): string {
  if (roll === undefined) return 'unknown'
  const order = roll.order ?? null
  return order === null ? roll.state : `${roll.state} for order ${order}`
}
