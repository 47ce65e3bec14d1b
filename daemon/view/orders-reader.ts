import type Hyperbee from 'hyperbee'
import type { OrderRecord } from '../../protocol/index.js'
import { ORDER_RANGE, orderKey } from './keys.js'
import { getValue } from './read.js'

/** Orders and what they hold. */
export class OrdersReader {
  constructor(private readonly bee: Hyperbee) {}

  order(id: string): Promise<OrderRecord | null> {
    return getValue<OrderRecord>(this.bee, orderKey(id))
  }

  async orders(state: OrderRecord['state'] | undefined, limit: number): Promise<OrderRecord[]> {
    const out: OrderRecord[] = []
    for await (const { value } of this.bee.createReadStream(ORDER_RANGE)) {
      const order = value as OrderRecord
      if (state === undefined || order.state === state) out.push(order)
      if (out.length >= limit) break
    }
    return out
  }
}
