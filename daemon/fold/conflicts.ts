import type { CONFLICTS_OPERATIONS, ConflictRecord, LeftUnit, Operation, OrderRecord, Product, RollRecord } from '../../protocol/index.js'
import { lineServing } from '../../protocol/index.js'
import { balanceKey, conflictKey, orderKey, productKey, rollKey, unitConflictKey } from '../view/keys.js'
import type { BalanceState } from '../view/stock-reader.js'
import type { ViewWriter } from '../view/view-writer.js'
import { departureLabel, hasLeft } from './conflict-flags.js'
import { reject, type Handler, type HandlersOf } from './context.js'
import { post, putRoll } from './stock.js'

/**
 * A manager settles a conflict with a note; a negative balance may take a correction, and a unit
 * that left twice names the departure that stands (the others are booked back, below).
 */
export const conflictResolve: Handler<'conflicts.resolve'> = async ({ view, op }) => {
  const { conflict: id, note, correction, kept } = op.payload
  const conflict = await view.get<ConflictRecord>(conflictKey(id))
  if (conflict === null) reject(`no conflict ${id}`)
  if (conflict.resolution !== null) reject(`conflict ${id} was resolved already by ${conflict.resolution.by}`)
  if (conflict.unit !== undefined) {
    await settleLeftTwice(view, op, { ...conflict, unit: conflict.unit })
  } else {
    if (kept !== null) reject('only a unit that left twice names a departure to keep')
    if (correction !== null) {
      if (conflict.balance === null) reject('only a negative balance takes a correction')
      await refuseIfBookedBackElsewhere(view, conflict)
      const { sku, location, lot } = conflict.balance
      await post(view, op, { type: 'MANUAL_CORRECTION', sku, location, lot, roll: null, milli: correction })
    }
  }
  const resolution = { by: op.person, note, correction, op: op.id, at: op.hlc.t, ...(kept === null ? {} : { kept }) }
  await view.put(conflictKey(id), { ...conflict, resolution })
}

/**
 * A manager names the departure that stands. Each other one is booked back: a MANUAL_CORRECTION
 * of the roll's length at its balance, and an order that did not get the roll loses it from its
 * fulfilment and gets a short pick on the line it served, naming the conflict.
 */
export async function settleLeftTwice(
  view: ViewWriter,
  op: Operation<'conflicts.resolve'>,
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
  await settleBalances(view, op, conflict)
}

/**
 * A balance a roll's extra departure took below zero is that roll's left-twice conflict's to put
 * right: it books the departure back. A correction here as well would book it back twice.
 */
async function refuseIfBookedBackElsewhere(view: ViewWriter, conflict: ConflictRecord): Promise<void> {
  for (const id of conflict.leftTwice ?? []) {
    const cause = await view.get<ConflictRecord>(conflictKey(id))
    if (cause === null || cause.resolution !== null) continue
    const roll = cause.unit === undefined ? 'a roll' : `roll ${cause.unit.code}`
    reject(
      `this balance went below zero because ${roll} left twice: settle conflict ${cause.id}, which books it back (or settle this one with a note only)`,
    )
  }
}

/**
 * The negative balances a left-twice conflict's departures opened are settled with it once the
 * book-back has brought them to zero or above; one still below zero has another cause, and stays
 * open for a manager (it takes a correction now).
 */
async function settleBalances(view: ViewWriter, op: Operation<'conflicts.resolve'>, conflict: ConflictRecord): Promise<void> {
  for (const id of conflict.balances ?? []) {
    const linked = await view.get<ConflictRecord>(conflictKey(id))
    if (linked === null || linked.resolution !== null || linked.balance === null) continue
    const { sku, location, lot } = linked.balance
    const now = await view.get<BalanceState>(balanceKey(sku, location, lot))
    if ((now?.milli ?? 0) < 0) continue
    const note = `booked back by settling conflict ${conflict.id}`
    await view.put(conflictKey(id), { ...linked, resolution: { by: op.person, note, correction: null, op: op.id, at: op.hlc.t } })
  }
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

export const CONFLICTS_HANDLERS: HandlersOf<typeof CONFLICTS_OPERATIONS> = {
  'conflicts.resolve': conflictResolve,
}
