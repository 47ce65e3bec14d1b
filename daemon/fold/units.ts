import type { ConflictRecord, Departure, LeftUnit, Operation, OrderRecord, Product, RollRecord } from '../../protocol/index.js'
import { lineServing } from '../../protocol/index.js'
import { conflictId, conflictKey, orderKey, productKey, rollKey, unitConflictKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'
import { reject } from './context.js'
import { post, putRoll } from './stock.js'

/**
 * A unit leaves once (SPEC "Conflicts" rule 3). Each departure (a fulfilment, a count that
 * recorded it missing) is a ledger fact and posts, so offline nodes that both shipped a roll
 * both took its length off the balance. Seen (issue #14): a 3 m roll shipped for SO-NC1 on one
 * node and SO-NC2 on another left the lot at 2,515.5 m against 2,518.5 m of rolls in stock,
 * with no conflict but the rejected pick. So a departure of a unit that has left already opens
 * a left-twice conflict, one per unit while open, until a manager names the departure that
 * stands; the others are then booked back by new ledger entries (the log is never edited).
 */

export const departureOf = (op: Pick<Operation, 'id' | 'person' | 'node'>, where: { order?: string; count?: string }): Departure => ({
  op: op.id,
  order: where.order ?? null,
  count: where.count ?? null,
  person: op.person,
  node: op.node,
})

/** Whether the roll has left the stock already (shipped, or recorded missing by a count). */
export const hasLeft = (roll: RollRecord): boolean => roll.state === 'gone' || roll.state === 'lost'

/**
 * Record a further departure of a roll that left already (its ledger entry is posted by the
 * caller): added to the roll's open left-twice conflict, or a new one with the departure that
 * stood so far.
 */
export async function leftAgain(
  view: ViewWriter,
  op: Pick<Operation, 'id' | 'type' | 'person' | 'node' | 'hlc'>,
  roll: RollRecord,
  departure: Departure,
): Promise<void> {
  const open = await view.get<string>(unitConflictKey(roll.code))
  const kept = open === null ? null : await view.get<ConflictRecord>(conflictKey(open))
  if (kept !== null && kept.unit !== undefined && kept.resolution === null) {
    const unit = { ...kept.unit, departures: [...kept.unit.departures, departure] }
    await view.put(conflictKey(kept.id), { ...kept, unit, reason: reasonFor(unit) })
    return
  }
  // a roll that left before departures were kept on it: its order is all the view knows
  const first = roll.left ?? { op: 'unrecorded', order: roll.order, count: null, person: '', node: '' }
  const unit: LeftUnit = {
    code: roll.code,
    sku: roll.sku,
    lot: roll.lot,
    location: roll.location,
    milli: roll.milli,
    departures: [first, departure],
  }
  const id = conflictId(view.seq, `left-twice ${roll.code}`)
  const record: ConflictRecord = {
    id,
    kind: 'left-twice',
    op: { id: op.id, type: op.type, person: op.person, node: op.node },
    reason: reasonFor(unit),
    balance: null,
    at: op.hlc.t,
    unit,
    resolution: null,
  }
  await view.put(conflictKey(id), record)
  await view.put(unitConflictKey(roll.code), id)
}

export const departureLabel = (d: Departure): string =>
  d.order !== null ? `order ${d.order}` : d.count !== null ? `count ${d.count}` : `operation ${d.op}`

function reasonFor(unit: LeftUnit): string {
  return `roll ${unit.code} left ${unit.departures.length} times: ${unit.departures.map(departureLabel).join(', ')}`
}

/**
 * A manager names the departure that stands. Each other one is booked back: a MANUAL_CORRECTION
 * of the roll's length at its balance, and an order that did not get the roll loses it from its
 * fulfilment and gets a short pick on the line it served, naming the conflict.
 */
export async function settleLeftTwice(
  view: ViewWriter,
  op: Operation<'conflict.resolve'>,
  conflict: ConflictRecord & { unit: LeftUnit },
): Promise<void> {
  const { unit } = conflict
  const keptOp = op.payload.kept
  if (op.payload.correction !== null) reject(`roll ${unit.code} left twice: name the departure that stands, not an amount`)
  if (keptOp === null) reject(`roll ${unit.code} left twice: say which departure stands`)
  const kept = unit.departures.find((d) => d.op === keptOp)
  if (kept === undefined) reject(`${keptOp} is not a departure of roll ${unit.code}`)
  const { sku, location, lot, code } = unit
  for (const d of unit.departures) {
    if (d === kept) continue
    await post(view, op, { type: 'MANUAL_CORRECTION', sku, location, lot, roll: code, milli: unit.milli })
    if (d.order !== null && d.order !== kept.order)
      await unship(view, op, d.order, unit, `roll ${code} left with ${departureLabel(kept)} (conflict ${conflict.id})`)
  }
  const roll = await view.get<RollRecord>(rollKey(code))
  // a roll found again meanwhile stays where the count found it; otherwise it left as decided.
  // One found and shipped again left by a departure of its own, not one of these: it stays as
  // it is (seen: property test seed 725296969, the roll named an order that no longer listed it)
  const current = roll?.left
  const leftByThese = current === undefined || unit.departures.some((d) => d.op === current.op)
  if (roll !== null && hasLeft(roll) && leftByThese) {
    const after: RollRecord =
      kept.order !== null ? { ...roll, state: 'gone', order: kept.order, left: kept } : { ...roll, state: 'lost', order: null, left: kept }
    await putRoll(view, roll, after)
  }
  await view.del(unitConflictKey(code))
}

/** An order did not get a roll after all: it leaves the order's fulfilment, and a short pick on its line says why. */
export async function unship(
  view: ViewWriter,
  op: Operation,
  orderId: string,
  unit: Pick<LeftUnit, 'code' | 'sku'>,
  reason: string,
): Promise<void> {
  const order = await view.get<OrderRecord>(orderKey(orderId))
  if (order === null || order.fulfilled === null) return
  const at = order.fulfilled.rolls.findIndex((r) => r.code === unit.code)
  if (at < 0) return
  const rolls = order.fulfilled.rolls.filter((_, i) => i !== at)
  const product = await view.get<Product>(productKey(unit.sku))
  const line = lineServing(order.lines, product)
  const shorts = line < 0 ? order.shorts : [...order.shorts, { line, roll: unit.code, reason, person: op.person }]
  await view.put(orderKey(orderId), { ...order, shorts, fulfilled: { ...order.fulfilled, rolls } })
}
