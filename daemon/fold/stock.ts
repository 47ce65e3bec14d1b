import {
  RESERVATION_TYPES,
  type LedgerEntry,
  type Operation,
  type Product,
  type RollRecord,
  type STOCK_OPERATIONS,
  type StockLocation,
} from '../../protocol/index.js'
import {
  LEDGER_COUNT_KEY,
  balanceAtKey,
  balanceKey,
  codeKey,
  ledgerKey,
  locationKey,
  lotKey,
  partnerKey,
  productKey,
  rollAtKey,
  rollKey,
  rollOfKey,
} from '../view/keys.js'
import type { BalanceState } from '../view/stock-reader.js'
import type { ViewWriter } from '../view/view-writer.js'
import { claimCode } from './catalog.js'
import { flagConflict, type BalanceCause } from './conflict-flags.js'
import { reject, type Handler, type HandlersOf } from './context.js'

export type Movement = Pick<LedgerEntry, 'type' | 'sku' | 'lot' | 'location' | 'roll' | 'milli'> & Pick<Partial<LedgerEntry>, 'repair'>

/**
 * Append a ledger entry for `op` and move the balance it touches: balances are never written
 * otherwise. Reservation types move what is reserved, the others what is on hand. A balance that
 * goes below zero stays there and is flagged as a discrepancy: offline nodes can use the same
 * stock, and a clamp would hide it.
 */
export async function post(view: ViewWriter, op: Operation, movement: Movement, cause?: BalanceCause): Promise<void> {
  const seq = (await view.get<number>(LEDGER_COUNT_KEY)) ?? 0
  const entry: LedgerEntry = { seq, ...movement, source: op.id, person: op.person, node: op.node, at: op.hlc.t }
  await view.putNew(ledgerKey(seq), entry)
  await view.put(LEDGER_COUNT_KEY, seq + 1)
  const key = balanceKey(entry.sku, entry.location, entry.lot)
  const kept = await view.get<BalanceState>(key)
  if (kept === null) await view.put(balanceAtKey(entry.location, entry.sku, entry.lot), key)
  const before = kept ?? { sku: entry.sku, location: entry.location, lot: entry.lot, milli: 0, reserved: 0 }
  const reserving = RESERVATION_TYPES.includes(entry.type)
  const after: BalanceState = {
    ...before,
    milli: before.milli + (reserving ? 0 : entry.milli),
    reserved: (before.reserved ?? 0) + (reserving ? entry.milli : 0),
  }
  await view.put(key, after)
  if (!reserving && entry.milli < 0 && after.milli < 0) {
    const balance = { sku: after.sku, location: after.location, lot: after.lot, milli: after.milli }
    await flagConflict(view, op, 'negative-balance', `${entry.type} took the balance below zero`, balance, cause)
  }
}

/** Write a roll and keep its location and product indexes; a roll that left or is lost leaves both. */
export async function putRoll(view: ViewWriter, before: RollRecord | null, after: RollRecord): Promise<void> {
  const onSite = (r: RollRecord | null) => r !== null && (r.state === 'in-stock' || r.state === 'picked')
  if (onSite(before) && (!onSite(after) || before!.location !== after.location)) await view.del(rollAtKey(before!.location, before!.code))
  if (onSite(before) && !onSite(after)) await view.del(rollOfKey(before!.sku, before!.code))
  if (onSite(after)) {
    await view.put(rollAtKey(after.location, after.code), 1)
    await view.put(rollOfKey(after.sku, after.code), 1)
  }
  await view.put(rollKey(after.code), after)
}

export async function rollOrReject(view: ViewWriter, code: string): Promise<RollRecord> {
  const roll = await view.get<RollRecord>(rollKey(code))
  if (roll === null) reject(`no roll ${code}`)
  return { ...roll, order: roll.order ?? null }
}

/** Receive rolls of one lot into a location: every roll, its code, and an INCOMING_RECEIPT each, in one operation. */
export const stockReceive: Handler<'stock.receive'> = async ({ view, op }) => {
  const { sku, lot, location, supplier, rolls } = op.payload
  if ((await view.get<Product>(productKey(sku))) === null) reject(`no product ${sku}`)
  if ((await view.get<StockLocation>(locationKey(location))) === null) reject(`no location ${location}`)
  if (supplier !== null && (await view.get(partnerKey(supplier))) === null) reject(`no partner ${supplier}`)
  const codes = new Set(rolls.map((r) => r.code))
  if (codes.size !== rolls.length) reject('two rolls have the same code')
  if ((await view.get(lotKey(sku, lot))) === null) await view.put(lotKey(sku, lot), { sku, lot, supplier, firstReceived: op.hlc.t })
  for (const roll of rolls) {
    await claimCode(view, roll.code, { kind: 'roll', key: roll.code }, `roll ${roll.code}`)
    const record: RollRecord = {
      code: roll.code,
      sku,
      lot,
      location,
      milli: roll.milli,
      state: 'in-stock',
      receivedBy: op.person,
      order: null,
    }
    await putRoll(view, null, record)
    await post(view, op, { type: 'INCOMING_RECEIPT', sku, lot, location, roll: roll.code, milli: roll.milli })
  }
}

/**
 * Move a roll to another shelf: TRANSFER_OUT where it was, TRANSFER_IN where it goes, so the
 * balances follow the roll and the ledger says when and by whom. A roll held for an order takes
 * its hold along (released here, allocated there): the order still holds it, on its new shelf.
 * A roll off the shelf (picked) or off the site (gone, lost) does not move; nor one the records
 * put elsewhere than the mover saw it (`from`): that is how two nodes moving the same roll apart
 * converge on the first move in the fold's order, with the second kept under Conflicts.
 */
export const stockMove: Handler<'stock.move'> = async ({ view, op }) => {
  const { from, to } = op.payload
  const roll = await rollOrReject(view, op.payload.roll)
  const code = roll.code
  if (roll.state === 'gone') reject(`roll ${code} left already${roll.order === null ? '' : `, with order ${roll.order}`}`)
  if (roll.state === 'lost') reject(`roll ${code} is recorded as lost by a count`)
  if (roll.state === 'picked') reject(`roll ${code} was picked for order ${roll.order}: it is off the shelf`)
  if ((await view.get<StockLocation>(locationKey(to))) === null) reject(`no location ${to}`)
  if (roll.location !== from) reject(`roll ${code} is recorded at ${roll.location}, not ${from}`)
  if (to === from) reject(`roll ${code} is at ${to} already`)
  const { sku, lot, milli } = roll
  const held = roll.order !== null
  if (held) await post(view, op, { type: 'RESERVATION_RELEASE', sku, lot, location: from, roll: code, milli: -milli })
  await post(view, op, { type: 'TRANSFER_OUT', sku, lot, location: from, roll: code, milli: -milli })
  await post(view, op, { type: 'TRANSFER_IN', sku, lot, location: to, roll: code, milli })
  if (held) await post(view, op, { type: 'RESERVATION_ALLOCATION', sku, lot, location: to, roll: code, milli })
  await putRoll(view, roll, { ...roll, location: to })
}

/**
 * Undo of a receipt: a new operation, never an edit. Each roll must still be as received (in
 * stock, held by no order) and received by this person; it leaves the records and gives up its
 * code, and a MANUAL_CORRECTION takes its quantity back off the balance.
 */
export const stockUnreceive: Handler<'stock.unreceive'> = async ({ view, op }) => {
  const rolls: RollRecord[] = []
  for (const code of op.payload.rolls) {
    const roll = await rollOrReject(view, code)
    if (roll.state === 'gone') reject(`roll ${code} left already, with order ${roll.order}`)
    if (roll.state !== 'in-stock') reject(`roll ${code} is ${roll.state}${roll.order === null ? '' : ` for order ${roll.order}`}`)
    if (roll.order !== null) reject(`roll ${code} is held for order ${roll.order}`)
    if (roll.receivedBy !== op.person) reject(`roll ${code} was received by ${roll.receivedBy}, not by ${op.person}`)
    rolls.push(roll)
  }
  for (const roll of rolls) {
    await view.del(rollAtKey(roll.location, roll.code))
    await view.del(rollOfKey(roll.sku, roll.code))
    await view.del(rollKey(roll.code))
    await view.del(codeKey(roll.code))
    await post(view, op, {
      type: 'MANUAL_CORRECTION',
      sku: roll.sku,
      lot: roll.lot,
      location: roll.location,
      roll: roll.code,
      milli: -roll.milli,
    })
  }
}

export const STOCK_HANDLERS: HandlersOf<typeof STOCK_OPERATIONS> = {
  'stock.receive': stockReceive,
  'stock.move': stockMove,
  'stock.unreceive': stockUnreceive,
}
