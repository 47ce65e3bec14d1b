import type Hyperbee from 'hyperbee'
import type { ImportOutcome, Partner, Product, StockLocation } from '../../protocol/index.js'
import { LOCATION_RANGE, PARTNER_RANGE, PRODUCT_RANGE, codeKey, importKey, locationKey, partnerKey, productKey } from './keys.js'
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

  /**
   * What a scanned or typed code names: one read of the code index, then (typed by hand:
   * `pop-120-nv`) the same code in upper and in lower case. An exact match always wins.
   */
  async code(code: string): Promise<CodeEntry | null> {
    const exact = await this.value<CodeEntry>(codeKey(code))
    if (exact !== null) return exact
    for (const variant of new Set([code.toUpperCase(), code.toLowerCase()]))
      if (variant !== code) {
        const found = await this.value<CodeEntry>(codeKey(variant))
        if (found !== null) return found
      }
    return null
  }

  /**
   * Products and locations whose name or code holds `text`, case-insensitively ("Poplin",
   * "navy"): at most `limit`, products first. A walk of the catalog that stops at the limit;
   * measured on the demo it answers well within a frame, and a 100,000-product catalog is a
   * bounded read of its keys (see docs/tui-habits.md).
   */
  async find(
    text: string,
    limit: number,
  ): Promise<Array<{ kind: 'product'; product: Product } | { kind: 'location'; location: StockLocation }>> {
    const needle = text.trim().toLocaleLowerCase('en')
    const out: Array<{ kind: 'product'; product: Product } | { kind: 'location'; location: StockLocation }> = []
    if (needle === '') return out
    const has = (...fields: readonly string[]) => fields.some((f) => f.toLocaleLowerCase('en').includes(needle))
    for await (const { value } of this.bee.createReadStream(PRODUCT_RANGE)) {
      const p = value as Product
      if (has(p.sku, p.name, ...p.barcodes, ...Object.values(p.attributes))) out.push({ kind: 'product', product: p })
      if (out.length >= limit) return out
    }
    for await (const { value } of this.bee.createReadStream(LOCATION_RANGE)) {
      const l = value as StockLocation
      if (has(l.code, l.barcode ?? '', `${l.rack}-${l.bin}`)) out.push({ kind: 'location', location: l })
      if (out.length >= limit) return out
    }
    return out
  }

  /**
   * Customers and suppliers whose name or code holds `text`, case-insensitively ("atlas" finds
   * "Atlas Textiles", CUS-ATL): at most `limit`, a code that is the text exactly first. A walk of
   * the partners that stops at the limit (a site has hundreds, not millions).
   */
  async findPartners(text: string, limit: number): Promise<Partner[]> {
    const needle = text.trim().toLocaleLowerCase('en')
    if (needle === '') return []
    const exact: Partner[] = []
    const out: Partner[] = []
    for await (const { value } of this.bee.createReadStream(PARTNER_RANGE)) {
      const p = value as Partner
      if (p.code.toLocaleLowerCase('en') === needle) exact.push(p)
      else if (p.name.toLocaleLowerCase('en').includes(needle) || p.code.toLocaleLowerCase('en').includes(needle)) out.push(p)
      if (exact.length + out.length >= limit) break
    }
    return [...exact, ...out].slice(0, limit)
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
