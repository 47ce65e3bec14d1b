import type { Partner, Product, StockLocation } from '../../protocol/index.js'
import { codeKey, locationKey, partnerKey, productKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'
import { reject, type Handler } from './context.js'

/** What a scannable code names. One index for all of them, so a scan is one read. */
export interface CodeEntry {
  kind: 'product' | 'location' | 'roll'
  key: string
}

/**
 * Claim `code` for `owner`, or refuse: a code printed on a label must name one thing only.
 * A code this same thing holds already is fine (a re-import).
 */
export async function claimCode(view: ViewWriter, code: string, owner: CodeEntry, what: string): Promise<void> {
  const held = await view.get<CodeEntry>(codeKey(code))
  if (held !== null && (held.kind !== owner.kind || held.key !== owner.key))
    reject(`${what}: code ${code} is already the ${held.kind} ${held.key}`)
  if (held === null) await view.put(codeKey(code), owner)
}

export const productsUpsert: Handler<'catalog.products.upsert'> = async ({ view, op }) => {
  for (const product of op.payload.products) {
    const owner: CodeEntry = { kind: 'product', key: product.sku }
    const before = await view.get<Product>(productKey(product.sku))
    if (before !== null && before.unit !== product.unit)
      reject(`product ${product.sku}: its unit is ${before.unit}; a unit never changes under stock`)
    await claimCode(view, product.sku, owner, `product ${product.sku}`)
    for (const barcode of product.barcodes) await claimCode(view, barcode, owner, `product ${product.sku}`)
    for (const old of before?.barcodes ?? []) if (!product.barcodes.includes(old)) await view.del(codeKey(old))
    await view.put(productKey(product.sku), product)
  }
}

export const locationsUpsert: Handler<'catalog.locations.upsert'> = async ({ view, op }) => {
  for (const location of op.payload.locations) {
    const owner: CodeEntry = { kind: 'location', key: location.code }
    const before = await view.get<StockLocation>(locationKey(location.code))
    await claimCode(view, location.code, owner, `location ${location.code}`)
    if (location.barcode !== null) await claimCode(view, location.barcode, owner, `location ${location.code}`)
    if (before?.barcode != null && before.barcode !== location.barcode) await view.del(codeKey(before.barcode))
    await view.put(locationKey(location.code), location)
  }
}

export const partnersUpsert: Handler<'catalog.partners.upsert'> = async ({ view, op }) => {
  for (const partner of op.payload.partners) await view.put(partnerKey(partner.code), partner satisfies Partner)
}
