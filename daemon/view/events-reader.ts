import type Hyperbee from 'hyperbee'
import type { StockEvent } from '../../protocol/index.js'
import { EVENT_RANGE } from './keys.js'

/** Order and reservation events in fold order (what the outbox publishes). */
export class EventsReader {
  constructor(private readonly bee: Hyperbee) {}

  async events(afterSeq: number, limit: number): Promise<StockEvent[]> {
    const out: StockEvent[] = []
    const range = afterSeq < 0 ? EVENT_RANGE : { gt: 'event/' + afterSeq.toString().padStart(12, '0'), lt: EVENT_RANGE.lt }
    for await (const { value } of this.bee.createReadStream({ ...range, limit })) out.push(value as StockEvent)
    return out
  }
}
