import type { HISTORY_OPERATIONS, Operation, RollRecord } from '../../protocol/index.js'
import type { ViewWriter } from '../view/view-writer.js'
import { reject, type Handler, type HandlersOf } from './context.js'
import { recordDigest, recordKind } from './history-index.js'
import { post, putRoll, type Movement } from './stock.js'

/**
 * A rollback's compensation (history.restore): each record is brought back to the value a
 * manager chose from its history, only if it still holds the value the proposal saw. A record
 * changed meanwhile (by another node, apart) refuses the whole rollback, which then shows under
 * Conflicts like any operation the rules refused: the log is never edited, and nothing is
 * brought back over a change nobody looked at.
 */
export const historyRestore: Handler<'history.restore'> = async ({ view, op }) => {
  for (const { record, expect, value } of op.payload.restores) {
    const kind = recordKind(record)
    const restore = kind === null ? undefined : RESTORERS[kind]
    if (restore === undefined) reject(`a rollback does not bring back ${record}: it is changed by operations of its own`)
    const current = await view.get(record)
    if (recordDigest(current) !== expect) reject(`${record} changed since the rollback was proposed: look at its history again`)
    if (current === null || value === null || value === undefined)
      reject(`${record} did not exist then or does not now: a rollback brings records back, it does not make or remove them`)
    await restore(view, op, record, current, value)
  }
}

type Restorer = (view: ViewWriter, op: Operation, record: string, current: unknown, value: unknown) => Promise<void>

/** How each kind of record is written back. A kind not here is not brought back by a rollback (people, printers, nodes). */
export const RESTORERS: Readonly<Record<string, Restorer>> = {
  roll: (view, op, _record, current, value) => restoreRoll(view, op, current as RollRecord, value as RollRecord),
  count: (view, _op, record, _current, value) => view.put(record, value),
  order: (view, _op, record, _current, value) => view.put(record, value),
}

/**
 * A roll back as it was, and the ledger entries that make its balances follow: what it put on
 * hand (in stock or picked) and reserved (in stock for an order) where it is now comes off, and
 * what it put where it was goes back on, so balances still equal their rolls (stock.check).
 */
async function restoreRoll(view: ViewWriter, op: Operation, now: RollRecord, then: RollRecord): Promise<void> {
  if (now.code !== then.code) reject(`roll ${now.code}: the rollback names another roll`)
  const onHand = (r: RollRecord) => (r.state === 'in-stock' || r.state === 'picked' ? r.milli : 0)
  const reserved = (r: RollRecord) => (r.state === 'in-stock' && (r.order ?? null) !== null ? r.milli : 0)
  const at = (r: RollRecord): Omit<Movement, 'type' | 'milli'> => ({ sku: r.sku, lot: r.lot, location: r.location, roll: r.code })
  const same = now.sku === then.sku && now.lot === then.lot && now.location === then.location
  const moves: Movement[] = []
  if (!same || onHand(now) !== onHand(then)) {
    if (onHand(now) !== 0) moves.push({ ...at(now), type: 'MANUAL_CORRECTION', milli: -onHand(now) })
    if (onHand(then) !== 0) moves.push({ ...at(then), type: 'MANUAL_CORRECTION', milli: onHand(then) })
  }
  if (!same || reserved(now) !== reserved(then)) {
    if (reserved(now) !== 0) moves.push({ ...at(now), type: 'RESERVATION_RELEASE', milli: -reserved(now) })
    if (reserved(then) !== 0) moves.push({ ...at(then), type: 'RESERVATION_ALLOCATION', milli: reserved(then) })
  }
  for (const move of moves) await post(view, op, move)
  await putRoll(view, now, then)
}

export const HISTORY_HANDLERS: HandlersOf<typeof HISTORY_OPERATIONS> = {
  'history.restore': historyRestore,
}
