import { INBOUND_DATA, OutpostError, type InboundType, type OperationDraft, type OrderLine, type Product } from '../../protocol/index.js'
import type { z } from 'zod'
import type { OutpostNode } from '../node.js'
import { allocate } from '../socket/orders-methods.js'

/**
 * What an inbound webhook becomes in the log: the operations it makes, after `webhooks.received`
 * with its id, all in one block. The fold refuses a second `webhooks.received` of an id, and the
 * dry run refuses its whole block with it, so a repeated webhook is never applied twice, on this
 * node or after a restart.
 */
export async function inboundDrafts(node: OutpostNode, id: string, type: InboundType, raw: unknown): Promise<OperationDraft[]> {
  const parsed = INBOUND_DATA[type].safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue === undefined || issue.path.length === 0 ? '' : `data.${issue.path.map(String).join('.')}: `
    throw new OutpostError('E_INVALID_PARAMS', `${type}: ${where}${issue?.message ?? 'invalid'}`)
  }
  const received: OperationDraft = { type: 'webhooks.received', payload: { id, type } }
  switch (type) {
    case 'customer.created':
    case 'customer.updated': {
      const customer = parsed.data as z.infer<(typeof INBOUND_DATA)['customer.created']>
      return [received, { type: 'catalog.partners.upsert', payload: { partners: [customer] } }]
    }
    case 'product.updated':
      return [received, { type: 'catalog.products.upsert', payload: { products: [parsed.data as Product] } }]
    case 'deal.won':
      return [received, ...(await dealDrafts(node, parsed.data as z.infer<(typeof INBOUND_DATA)['deal.won']>))]
  }
}

/** A won deal: an order, and rolls held for its lines as `orders.create` holds them (oldest location first). */
async function dealDrafts(node: OutpostNode, deal: z.infer<(typeof INBOUND_DATA)['deal.won']>): Promise<OperationDraft[]> {
  if ((await node.read.orders.order(deal.id)) !== null) throw new OutpostError('E_CONFLICT', `order ${deal.id} exists already`)
  const lines: Array<{ line: OrderLine; products: Product[] }> = []
  for (const [i, l] of deal.lines.entries()) {
    const where = `data.lines.${i}`
    let products: Product[]
    let line: Omit<OrderLine, 'milli'>
    if (l.product !== undefined) {
      const entry = await node.read.catalog.code(l.product)
      const product = entry?.kind === 'product' ? await node.read.catalog.product(entry.key) : null
      if (product === null) throw new OutpostError('E_NOT_FOUND', `${where}: ${l.product} is not a product of this site`)
      products = [product]
      line = { sku: product.sku, quality: null, color: null }
    } else if (l.quality !== undefined && l.color !== undefined) {
      products = await node.read.catalog.productsWith({ quality: l.quality, color: l.color })
      if (products.length === 0) throw new OutpostError('E_NOT_FOUND', `${where}: no product of quality ${l.quality} and colour ${l.color}`)
      line = { sku: null, quality: l.quality, color: l.color }
    } else {
      throw new OutpostError('E_INVALID_PARAMS', `${where}: give a product, or a quality and a colour`)
    }
    lines.push({ line: { ...line, milli: Math.round(l.quantity * 1000) }, products })
  }
  const drafts: OperationDraft[] = [
    { type: 'orders.create', payload: { id: deal.id, customer: deal.customer, lines: lines.map((l) => l.line) } },
  ]
  const taken = new Set<string>()
  for (const [i, { line, products }] of lines.entries()) {
    const rolls = await allocate({ node }, products, line.milli, taken)
    if (rolls.length > 0) drafts.push({ type: 'orders.reserve', payload: { order: deal.id, line: i, rolls: rolls.map((r) => r.code) } })
  }
  return drafts
}
