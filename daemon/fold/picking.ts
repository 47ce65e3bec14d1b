import type { PICKING_OPERATIONS } from '../../protocol/index.js'
import { orderKey } from '../view/keys.js'
import { reject, type Handler, type HandlersOf } from './context.js'
import { emit } from './events.js'
import { lineFor, openOrder, unreserve } from './orders.js'
import { putRoll, rollOrReject } from './stock.js'

/**
 * Picking: a roll is picked once, for an order it serves, from the shelf the records put it on.
 * Whatever a guard refuses after nodes meet is kept as rejected and listed under Conflicts.
 */

export const pickingScan: Handler<'picking.scan'> = async ({ view, op }) => {
  const order = await openOrder(view, op.payload.order)
  const roll = await rollOrReject(view, op.payload.roll)
  const code = roll.code
  if (roll.state === 'picked') reject(`roll ${code} was picked already, for order ${roll.order}`)
  if (roll.state === 'gone') reject(`roll ${code} left already, with order ${roll.order}`)
  if (roll.state === 'lost') reject(`roll ${code} is recorded as lost by a count`)
  if (roll.order !== null && roll.order !== order.id) reject(`roll ${code} is held for order ${roll.order}`)
  if ((await lineFor(view, order, roll)) < 0) reject(`roll ${code} (${roll.sku}) is not on order ${order.id}`)
  if (roll.location !== op.payload.location) reject(`roll ${code} is recorded at ${roll.location}, not ${op.payload.location}`)
  const held = roll.order === order.id ? await unreserve(view, op, roll) : roll
  await putRoll(view, roll, { ...held, state: 'picked', order: order.id })
  await view.put(orderKey(order.id), { ...order, held: order.held.filter((c) => c !== code), picked: [...order.picked, code] })
  if (roll.order === order.id) await emit(view, op, 'reservation.released', order.id, [code])
}

export const pickingShort: Handler<'picking.short'> = async ({ view, op }) => {
  const order = await openOrder(view, op.payload.order)
  const { line, reason } = op.payload
  if (order.lines[line] === undefined) reject(`order ${order.id} has no line ${line + 1}`)
  const code = op.payload.roll
  if (code !== null) {
    const roll = await rollOrReject(view, code)
    if (roll.state !== 'in-stock' || roll.order !== order.id) reject(`roll ${code} is not held for order ${order.id}`)
    await putRoll(view, roll, await unreserve(view, op, roll))
    await emit(view, op, 'reservation.released', order.id, [code])
  }
  const shorts = [...order.shorts, { line, roll: code, reason, person: op.person }]
  await view.put(orderKey(order.id), { ...order, held: order.held.filter((c) => c !== code), shorts })
}

/**
 * Undo of a pick: a new operation, never an edit. The roll goes back on its shelf, held by no
 * order (a hold the pick released is not taken again: the order may hold another roll). Once the
 * order shipped (openOrder refuses) or the roll is no longer picked for it, the undo is refused.
 */
export const pickingUnpick: Handler<'picking.unpick'> = async ({ view, op }) => {
  const order = await openOrder(view, op.payload.order)
  const roll = await rollOrReject(view, op.payload.roll)
  if (roll.state !== 'picked' || roll.order !== order.id) reject(`roll ${roll.code} is not picked for order ${order.id}`)
  await putRoll(view, roll, { ...roll, state: 'in-stock', order: null })
  await view.put(orderKey(order.id), { ...order, picked: order.picked.filter((c) => c !== roll.code) })
}

export const PICKING_HANDLERS: HandlersOf<typeof PICKING_OPERATIONS> = {
  'picking.scan': pickingScan,
  'picking.short': pickingShort,
  'picking.unpick': pickingUnpick,
}
