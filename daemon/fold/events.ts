import type { Operation, StockEvent } from '../../protocol/index.js'
import { EVENT_COUNT_KEY, eventKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'

/** The outbox's events: kept in fold order. No operation of its own. */

type Extra = Pick<StockEvent, 'count' | 'location' | 'ticket' | 'shift' | 'reason'>

/**
 * Queue an event for the outbox, in fold order. `n` numbers the events of one operation (they
 * are folded one after another), so (op, n) names the event on every node and after a reorder.
 */
export async function emit(
  view: ViewWriter,
  op: Operation,
  type: StockEvent['type'],
  order: string,
  rolls: string[],
  extra: Extra = {},
): Promise<void> {
  const seq = (await view.get<number>(EVENT_COUNT_KEY)) ?? 0
  const previous = seq === 0 ? null : await view.get<StockEvent>(eventKey(seq - 1))
  const n = previous !== null && previous.op === op.id ? (previous.n ?? 0) + 1 : 0
  const event: StockEvent = { seq, type, order, rolls, op: op.id, at: op.hlc.t, n, ...extra }
  await view.putNew(eventKey(seq), event)
  await view.put(EVENT_COUNT_KEY, seq + 1)
}
