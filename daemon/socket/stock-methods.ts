import {
  OutpostError,
  formatQuantity,
  type NumberStyle,
  type OperationDraft,
  type Product,
  type Quantity,
  type RollLabel,
  type STOCK_METHODS,
} from '../../protocol/index.js'
import { locationOf, productOf, quantityOf, rollOf, siteNumberStyle, uniqueStem } from './codes.js'
import type { ImplementationsOf, MethodContext } from './context.js'
import { submit } from './submit.js'

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

export const STOCK_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof STOCK_METHODS> = {
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
    if (printer === undefined) printer = ctx.node.board.printing?.ids[0] ?? null
    if (printer !== null) {
      if ((await ctx.node.read.printing.printer(printer)) === null)
        throw new OutpostError('E_NOT_FOUND', `no printer ${printer} in this site`)
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
  'stock.move': async (params, ctx) => {
    const to = await locationOf(ctx, params.to)
    const moved: Array<{ roll: string; from: string }> = []
    for (const code of params.rolls) {
      const roll = await rollOf(ctx, code)
      if (moved.some((m) => m.roll === roll.code)) throw new OutpostError('E_INVALID_PARAMS', `roll ${roll.code} is listed twice`)
      moved.push({ roll: roll.code, from: roll.location })
    }
    // one operation per roll, in one log block: they land together, and a refusal after nodes meet names one roll
    const drafts: OperationDraft[] = moved.map((m) => ({ type: 'stock.move', payload: { roll: m.roll, from: m.from, to } }))
    const { ids } = await submit(ctx, drafts)
    return { ids, to, moved }
  },
  'stock.rolls': (params, { node }) => node.read.stock.rolls(params),
  'stock.balances': ({ sku }, { node }) => node.read.stock.balances(sku),
  'stock.ledger': ({ limit }, { node }) => node.read.stock.recentLedger(limit),
  'stock.check': async (_p, { node }) => {
    const result = await node.read.stock.check()
    return { ...result, consistent: result.differences.length + result.units.length + result.orders.length === 0 }
  },
  'stock.unreceive': async ({ rolls }, ctx) => {
    const codes: string[] = []
    for (const code of rolls) codes.push((await rollOf(ctx, code)).code)
    return submit(ctx, [{ type: 'stock.unreceive', payload: { rolls: codes } }])
  },
  'stock.lookup': async ({ code }, ctx) => {
    const { catalog, stock } = ctx.node.read
    const entry = await catalog.code(code.trim())
    if (entry === null) throw new OutpostError('E_NOT_FOUND', `${code} is not a product, roll or location of this site`)
    if (entry.kind === 'roll') {
      const roll = await stock.roll(entry.key)
      const product = roll === null ? null : await catalog.product(roll.sku)
      const balances = roll === null ? [] : (await stock.balances(roll.sku)).filter((b) => b.lot === roll.lot)
      return { kind: 'roll', product, location: null, roll, balances, rolls: [] }
    }
    if (entry.kind === 'product') {
      const product = await catalog.product(entry.key)
      const rolls = (await stock.rollsOf(entry.key)).slice(0, 100)
      return { kind: 'product', product, location: null, roll: null, balances: await stock.balances(entry.key), rolls }
    }
    const location = await catalog.location(entry.key)
    const rolls = await stock.rollsAt(entry.key, 200)
    const balances = (await stock.balancesAt(entry.key)).filter((b) => b.milli !== 0 || b.reserved !== 0)
    return { kind: 'location', product: null, location, roll: null, balances, rolls }
  },
}
