import { eventId, type StockEvent } from '../../protocol/index.js'
import type { Readers } from '../view/readers.js'
import { kitchenData } from './kitchen-data.js'
import type { Message } from './delivery.js'
import type { StoredEndpoint } from './store.js'

/**
 * What an endpoint is sent for one event of the log: the event itself if it asked for its type,
 * and stock.low for each product the event took below its threshold (if it asked for that).
 * Bodies follow Standard Webhooks' shape, { type, timestamp, data }; `data.seq` is the event's
 * place in fold order, the cursor the ERP reconciles from (`events.list`, GET /events).
 */
export async function messagesFor(
  read: Readers,
  endpoint: StoredEndpoint,
  event: StockEvent,
  lowStock: Readonly<Record<string, number>>,
): Promise<Message[]> {
  const out: Message[] = []
  const wants = new Set<string>(endpoint.events)
  const id = eventId(event)
  if (wants.has(event.type)) out.push(message(id, event.type, event.seq, event.at, await dataOf(read, event)))
  if (wants.has('stock.low') && event.rolls.length > 0) {
    for (const low of await lowAfter(read, endpoint, event, lowStock)) {
      out.push(message(`${id}_low_${low.sku}`, 'stock.low', event.seq, event.at, low))
    }
  }
  return out
}

function message(id: string, type: string, seq: number, at: number, data: Record<string, unknown>): Message {
  return { id, type, seq, body: JSON.stringify({ type, timestamp: new Date(at).toISOString(), data: { seq, ...data } }) }
}

/** The event's data: an order's lines, and for order.fulfilled exactly the rolls that left. */
async function dataOf(read: Readers, event: StockEvent): Promise<Record<string, unknown>> {
  if (event.type.startsWith('ticket.') || event.type.startsWith('shift.')) return kitchenData(read, event)
  if (event.type === 'count.approved') return { count: event.count, location: event.location, rolls: event.rolls }
  const order = await read.orders.order(event.order)
  if (event.type === 'order.created') return { order: event.order, customer: order?.customer ?? null, lines: order?.lines ?? [] }
  if (event.type === 'order.fulfilled') {
    const left = order?.fulfilled?.rolls ?? []
    // the fold's record of what left (product, lot, location, quantity), in the event's order
    const rolls = event.rolls.map((code) => left.find((r) => r.code === code) ?? { code })
    return { order: event.order, customer: order?.customer ?? null, rolls }
  }
  return { order: event.order, rolls: event.rolls }
}

/**
 * Products of the event's rolls whose free quantity (on hand less reserved) is now under their
 * threshold, told once per fall: the endpoint's `low` list remembers them until they are above
 * it again. Read at sending time from the sender's view, so it is the sender's reading, not a
 * fact of the log (docs/integration.md).
 */
async function lowAfter(
  read: Readers,
  endpoint: StoredEndpoint,
  event: StockEvent,
  lowStock: Readonly<Record<string, number>>,
): Promise<Array<{ sku: string; free: number; threshold: number }>> {
  const skus = new Set<string>()
  for (const code of event.rolls) {
    const roll = await read.stock.roll(code)
    if (roll !== null && lowStock[roll.sku] !== undefined) skus.add(roll.sku)
  }
  const out: Array<{ sku: string; free: number; threshold: number }> = []
  for (const sku of skus) {
    const threshold = Math.round(lowStock[sku]! * 1000)
    const free = (await read.stock.balances(sku)).reduce((sum, b) => sum + b.milli - b.reserved, 0)
    const told = endpoint.low.includes(sku)
    if (free < threshold && !told) {
      endpoint.low.push(sku)
      out.push({ sku, free, threshold })
    } else if (free >= threshold && told) {
      endpoint.low.splice(endpoint.low.indexOf(sku), 1)
    }
  }
  return out
}
