import {
  OutpostError,
  firstIssue,
  formatQuantity,
  Partner,
  Product,
  StockLocation,
  type NumberStyle,
  type OperationDraft,
  type Quantity,
  type RollLabel,
} from '../../protocol/index.js'
import type { STOCK_METHODS } from '../../protocol/rpc-stock.js'
import type { CatalogRecord } from '../catalog/csv-rows.js'
import { importRecords } from '../catalog/import.js'
import type { Implementation } from './methods.js'
import { locationOf, productOf, quantityOf, siteNumberStyle, uniqueStem } from './codes.js'
import { submit, type MethodContext } from './submit.js'

/** Roll codes: a site-unique stem and a counter. */
function rollCodes(ctx: MethodContext, count: number): string[] {
  const stem = `R${uniqueStem(ctx)}`
  return Array.from({ length: count }, (_, i) => `${stem}-${(i + 1).toString().padStart(count > 99 ? 3 : 2, '0')}`)
}

function rollLabel(product: Product, lot: string, code: string, quantity: Quantity, style: NumberStyle | null): RollLabel {
  return {
    kind: 'roll-label',
    name: product.name,
    sku: product.sku,
    attributes: Object.entries(product.attributes).slice(0, 8),
    quantity: formatQuantity(quantity, style),
    lot,
    code,
    symbology: 'code128',
  }
}

export const STOCK_METHOD_IMPLEMENTATIONS: { [M in keyof typeof STOCK_METHODS]: Implementation<M> } = {
  'quantity.parse': async ({ text, ...options }, ctx) => {
    const style = options.style ?? (await siteNumberStyle(ctx))
    const quantity = await quantityOf(ctx, text, { ...options, style })
    return { ...quantity, shown: formatQuantity(quantity, style), style }
  },

  'catalog.upsert': async ({ products, locations, partners }, ctx) => {
    const drafts: OperationDraft[] = []
    if (products.length > 0) drafts.push({ type: 'catalog.products.upsert', payload: { products } })
    if (locations.length > 0) drafts.push({ type: 'catalog.locations.upsert', payload: { locations } })
    if (partners.length > 0) drafts.push({ type: 'catalog.partners.upsert', payload: { partners } })
    if (drafts.length === 0) throw new OutpostError('E_INVALID_PARAMS', 'nothing to add: give products, locations or partners')
    return submit(ctx, drafts)
  },

  'catalog.import': async ({ kind, source, rows }, ctx) => {
    const schema = { products: Product, locations: StockLocation, partners: Partner }[kind]
    const bad: Array<{ line: number; reason: string }> = []
    const good: Array<{ line: number; record: CatalogRecord }> = []
    for (const { line, record } of rows) {
      const parsed = schema.safeParse(record)
      if (parsed.success) good.push({ line, record: parsed.data })
      else bad.push({ line, reason: firstIssue(parsed.error) })
    }
    const outcome = await importRecords(ctx.node, kind, source, good, ctx.person!.id)
    return { ...outcome, bad: [...bad, ...outcome.bad].sort((a, b) => a.line - b.line) }
  },

  'stock.receive': async (params, ctx) => {
    const product = await productOf(ctx, params.product)
    const location = await locationOf(ctx, params.location)
    const style = params.numberStyle ?? (await siteNumberStyle(ctx))
    const quantity = await quantityOf(ctx, params.quantity, { unit: product.unit, style })
    const codes = rollCodes(ctx, params.rolls)
    const drafts: OperationDraft[] = [
      {
        type: 'stock.receive',
        payload: {
          sku: product.sku,
          lot: params.lot,
          location,
          supplier: params.supplier,
          rolls: codes.map((code) => ({ code, milli: quantity.milli })),
        },
      },
    ]
    // a label per roll, in the same log block: the receipt and its labels land together or not at all
    let printer = params.printer
    if (printer === undefined) printer = ctx.node.printing?.ids[0] ?? null
    if (printer !== null) {
      if ((await ctx.node.reader.printer(printer)) === null) throw new OutpostError('E_NOT_FOUND', `no printer ${printer} in this site`)
      for (const code of codes) {
        drafts.push({
          type: 'printing.queue',
          payload: { printer, document: rollLabel(product, params.lot, code, quantity, style), copyOf: null },
        })
      }
    }
    const { ids } = await submit(ctx, drafts)
    return { ids, rolls: codes, labels: printer === null ? 0 : codes.length, shown: formatQuantity(quantity, style) }
  },

  'stock.rolls': (params, { node }) => node.stock.rolls(params),
  'stock.balances': ({ sku }, { node }) => node.stock.balances(sku),
  'stock.ledger': ({ limit }, { node }) => node.stock.recentLedger(limit),
  'stock.check': async (_p, { node }) => {
    const result = await node.stock.check()
    return { ...result, consistent: result.differences.length + result.units.length + result.orders.length === 0 }
  },
}
