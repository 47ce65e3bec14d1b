import type { Operation, StockEvent } from '../../protocol/index.js'
import { EVENT_COUNT_KEY, eventKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'

/** The outbox's events: order and reservation events, kept in fold order. No operation of its own. */

/** Queue an event for the outbox (order and reservation events), in fold order. */
export async function emit(view: ViewWriter, op: Operation, type: StockEvent['type'], order: string, rolls: string[]): Promise<void> {
  const seq = (await view.get<number>(EVENT_COUNT_KEY)) ?? 0
  const event: StockEvent = { seq, type, order, rolls, op: op.id, at: op.hlc.t }
  await view.putNew(eventKey(seq), event)
  await view.put(EVENT_COUNT_KEY, seq + 1)
}
