import type Hyperbee from 'hyperbee'
import type { ImportOutcome, Partner, Product, StockLocation } from '../../protocol/index.js'
import { PRODUCT_RANGE, codeKey, importKey, locationKey, partnerKey, productKey } from './keys.js'
import { getValue } from './read.js'

/** What a scannable code names. One index for all of them, so a scan is one read. */
export interface CodeEntry {
  kind: 'product' | 'location' | 'roll' | 'device'
  key: string
}

/** Products, locations, partners, the code index, and what the fold made of an import. */
export class CatalogReader {
  constructor(private readonly bee: Hyperbee) {}

  private value<T>(key: string): Promise<T | null> {
    return getValue<T>(this.bee, key)
  }

  product(sku: string): Promise<Product | null> {
    return this.value<Product>(productKey(sku))
  }

  location(code: string): Promise<StockLocation | null> {
    return this.value<StockLocation>(locationKey(code))
  }

  partner(code: string): Promise<Partner | null> {
    return this.value<Partner>(partnerKey(code))
  }

  /** What the fold made of a `catalog.import` operation; null if it was refused whole (or is unknown). */
  importOutcome(opId: string): Promise<ImportOutcome | null> {
    return this.value<ImportOutcome>(importKey(opId))
  }

  /** What a scanned code names: one read of the code index. */
  code(code: string): Promise<CodeEntry | null> {
    return this.value<CodeEntry>(codeKey(code))
  }

  /** Products whose attributes include all of these (a scan of the catalog: orders by quality and colour). */
  async productsWith(attributes: Record<string, string>): Promise<Product[]> {
    const out: Product[] = []
    for await (const { value } of this.bee.createReadStream(PRODUCT_RANGE)) {
      const product = value as Product
      if (Object.entries(attributes).every(([k, v]) => product.attributes[k] === v)) out.push(product)
    }
    return out
  }
}
