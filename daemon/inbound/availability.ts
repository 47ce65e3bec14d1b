import { OutpostError, type AvailabilityAnswer, type Product } from '../../protocol/index.js'
import type { Readers } from '../view/readers.js'
import type { AvailabilityConfig } from '../outbox/config.js'

export interface AvailabilityQuery {
  sku?: string | undefined
  quality?: string | undefined
  color?: string | undefined
}

/**
 * What the CRM is shown of a product, or of a quality and colour (every product of it): the free
 * quantity (on hand less what orders hold) against the threshold for that quality and colour
 * (config `integration.availability`): none free is `out`, under the threshold `low`, else
 * `available`. The quantity itself only where the config says `exact`: a textile firm's sales
 * side is usually shown the state, not the metres.
 */
export async function availability(read: Readers, config: AvailabilityConfig, query: AvailabilityQuery): Promise<AvailabilityAnswer> {
  let products: Product[]
  if (query.sku !== undefined) {
    const product = await read.catalog.product(query.sku)
    if (product === null) throw new OutpostError('E_NOT_FOUND', `no product ${query.sku}`)
    products = [product]
  } else if (query.quality !== undefined && query.color !== undefined) {
    products = await read.catalog.productsWith({ quality: query.quality, color: query.color })
    if (products.length === 0) throw new OutpostError('E_NOT_FOUND', `no product of quality ${query.quality} and colour ${query.color}`)
  } else {
    throw new OutpostError('E_INVALID_PARAMS', 'give a sku, or a quality and a colour')
  }
  let free = 0
  for (const product of products) {
    for (const b of await read.stock.balances(product.sku)) free += b.milli - b.reserved
  }
  const quality = query.quality ?? products[0]!.attributes['quality'] ?? null
  const color = query.color ?? products[0]!.attributes['color'] ?? null
  const rule = config.thresholds.find((t) => t.quality === quality && t.color === color)
  const low = Math.round((rule?.low ?? config.low) * 1000)
  const state = free <= 0 ? 'out' : free < low ? 'low' : 'available'
  return { quality, color, sku: query.sku ?? null, state, ...(config.exact ? { milli: free } : {}) }
}
