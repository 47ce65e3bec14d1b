import type { ORDERS_OPERATIONS, OrderRecord, Product, RollRecord } from '../../protocol/index.js'
import { lineServing, lineTakes } from '../../protocol/index.js'
import { orderKey, partnerKey, productKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'
import { departureOf, hasLeft, leftAgain } from './conflict-flags.js'
import { reject, type Handler, type HandlersOf } from './context.js'
import { emit } from './events.js'
import { post, putRoll, rollOrReject } from './stock.js'

/**
 * Orders, reservations and fulfilment (picks: picking.ts). The guards here are the domain's
 * conflict rules: a roll is held for one order, and an order is fulfilled or cancelled once.
 * Whatever a guard refuses after nodes meet is kept as rejected and listed under Conflicts.
 */

export async function openOrder(view: ViewWriter, id: string): Promise<OrderRecord> {
  const order = await view.get<OrderRecord>(orderKey(id))
  if (order === null) reject(`no order ${id}`)
  if (order.state !== 'open') reject(`order ${id} is ${order.state} already`)
  return order
}

/** The first line of the order a roll serves, or -1. */
export async function lineFor(view: ViewWriter, order: OrderRecord, roll: RollRecord): Promise<number> {
  const product = await view.get<Product>(productKey(roll.sku))
  return lineServing(order.lines, product)
}

export function where(roll: RollRecord): Pick<RollRecord, 'sku' | 'lot' | 'location' | 'code'> {
  return { sku: roll.sku, lot: roll.lot, location: roll.location, code: roll.code }
}

/** Take back a roll's reservation: the hold ends, nothing moves. */
export async function unreserve(view: ViewWriter, op: Parameters<typeof post>[1], roll: RollRecord): Promise<RollRecord> {
  await post(view, op, { type: 'RESERVATION_RELEASE', ...where(roll), roll: roll.code, milli: -roll.milli })
  return { ...roll, order: null }
}

export const orderCreate: Handler<'orders.create'> = async ({ view, op }) => {
  const { id, customer, lines } = op.payload
  if ((await view.get(orderKey(id))) !== null) reject(`order ${id} exists already`)
  if (customer !== null && (await view.get(partnerKey(customer))) === null) reject(`no partner ${customer}`)
  for (const [i, line] of lines.entries()) {
    if (line.sku !== null && (await view.get(productKey(line.sku))) === null) reject(`line ${i + 1}: no product ${line.sku}`)
  }
  const order: OrderRecord = {
    id,
    customer,
    lines,
    state: 'open',
    createdBy: op.person,
    at: op.hlc.t,
    held: [],
    picked: [],
    shorts: [],
    fulfilled: null,
    cancelled: null,
  }
  await view.put(orderKey(id), order)
  await emit(view, op, 'order.created', id, [])
}

export const stockReserve: Handler<'orders.reserve'> = async ({ view, op }) => {
  const order = await openOrder(view, op.payload.order)
  const line = order.lines[op.payload.line]
  if (line === undefined) reject(`order ${order.id} has no line ${op.payload.line + 1}`)
  for (const code of op.payload.rolls) {
    const roll = await rollOrReject(view, code)
    if (roll.state !== 'in-stock') reject(`roll ${code} is ${roll.state}`)
    if (roll.order !== null) reject(`roll ${code} is held for order ${roll.order}`)
    const product = await view.get<Product>(productKey(roll.sku))
    if (product === null || !lineTakes(line, product)) reject(`roll ${code} (${roll.sku}) does not serve line ${op.payload.line + 1}`)
    await post(view, op, { type: 'RESERVATION_ALLOCATION', ...where(roll), roll: code, milli: roll.milli })
    await putRoll(view, roll, { ...roll, order: order.id })
  }
  await view.put(orderKey(order.id), { ...order, held: [...order.held, ...op.payload.rolls] })
  await emit(view, op, 'reservation.created', order.id, op.payload.rolls)
}

export const stockRelease: Handler<'orders.release'> = async ({ view, op }) => {
  const order = await openOrder(view, op.payload.order)
  for (const code of op.payload.rolls) {
    const roll = await rollOrReject(view, code)
    if (roll.state !== 'in-stock' || roll.order !== order.id) reject(`roll ${code} is not held for order ${order.id}`)
    await putRoll(view, roll, await unreserve(view, op, roll))
  }
  const released = new Set(op.payload.rolls)
  await view.put(orderKey(order.id), { ...order, held: order.held.filter((c) => !released.has(c)) })
  await emit(view, op, 'reservation.released', order.id, op.payload.rolls)
}

/** An order no longer holds a roll (it left, or a count missed it). */
export async function dropHold(view: ViewWriter, orderId: string, code: string): Promise<void> {
  const order = await view.get<OrderRecord>(orderKey(orderId))
  if (order !== null) await view.put(orderKey(orderId), { ...order, held: order.held.filter((c) => c !== code) })
}

/**
 * The rolls that left with the order, exactly. Each is a ledger fact: a roll that left already
 * still posts, is listed under Conflicts as left twice (conflict-flags.ts), and the balance it drives
 * below zero is flagged too (see post).
 */
export const orderFulfil: Handler<'orders.fulfil'> = async ({ view, op }) => {
  const order = await openOrder(view, op.payload.order)
  const rolls = op.payload.rolls
  if (new Set(rolls).size !== rolls.length) reject('a roll is listed twice')
  const left: NonNullable<OrderRecord['fulfilled']>['rolls'] = []
  for (const code of rolls) {
    let roll = await rollOrReject(view, code)
    if (roll.state === 'in-stock' && roll.order !== null) {
      // held for another order on a node that had not seen it leave: the hold leaves with it
      // (seen: the reservation stayed on the balance for good, held for an order it never reached)
      const holder = roll.order
      roll = await unreserve(view, op, roll)
      if (holder !== order.id) {
        await dropHold(view, holder, code)
        await emit(view, op, 'reservation.released', holder, [code])
      }
    }
    const departure = departureOf(op, { order: order.id })
    const movement = { type: 'ORDER_FULFILLMENT', ...where(roll), roll: code, milli: -roll.milli } as const
    if (hasLeft(roll)) {
      // a roll that left already keeps its first departure until a manager decides, and a balance
      // this departure takes below zero is linked to that decision (conflict-flags.ts)
      await post(view, op, movement, { leftTwice: await leftAgain(view, op, roll, departure) })
    } else {
      await post(view, op, movement)
      await putRoll(view, roll, { ...roll, state: 'gone', order: order.id, left: departure })
    }
    left.push({ ...where(roll), milli: roll.milli })
  }
  await freeWhatStayed(view, op, order, rolls)
  const fulfilled = { rolls: left, by: op.person, at: op.hlc.t }
  await view.put(orderKey(order.id), { ...order, state: 'fulfilled', held: [], picked: [], fulfilled })
  await emit(view, op, 'order.fulfilled', order.id, rolls)
}

export const orderCancel: Handler<'orders.cancel'> = async ({ view, op }) => {
  const order = await openOrder(view, op.payload.order)
  await freeWhatStayed(view, op, order, [])
  const cancelled = { reason: op.payload.reason, by: op.person }
  await view.put(orderKey(order.id), { ...order, state: 'cancelled', held: [], picked: [], cancelled })
  await emit(view, op, 'order.cancelled', order.id, [])
}

/**
 * An order is closing: its picked rolls that did not leave go back to stock, and what it still
 * holds is released (one event for the releases).
 */
async function freeWhatStayed(view: ViewWriter, op: Parameters<typeof post>[1], order: OrderRecord, left: readonly string[]) {
  for (const code of order.picked) {
    if (left.includes(code)) continue
    const roll = await rollOrReject(view, code)
    if (roll.state === 'picked' && roll.order === order.id) await putRoll(view, roll, { ...roll, state: 'in-stock', order: null })
  }
  const released: string[] = []
  for (const code of order.held) {
    if (left.includes(code)) continue
    const roll = await rollOrReject(view, code)
    if (roll.state !== 'in-stock' || roll.order !== order.id) continue
    await putRoll(view, roll, await unreserve(view, op, roll))
    released.push(code)
  }
  if (released.length > 0) await emit(view, op, 'reservation.released', order.id, released)
}

export const ORDERS_HANDLERS: HandlersOf<typeof ORDERS_OPERATIONS> = {
  'orders.create': orderCreate,
  'orders.cancel': orderCancel,
  'orders.fulfil': orderFulfil,
  'orders.reserve': stockReserve,
  'orders.release': stockRelease,
}
