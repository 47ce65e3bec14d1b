import { formatQuantity, lineServing, type PICKING_METHODS } from '../../protocol/index.js'
import { locationOf, rollOf, siteNumberStyle } from './codes.js'
import type { ImplementationsOf } from './context.js'
import { orderOf } from './orders-methods.js'
import { submit } from './submit.js'

export const PICKING_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof PICKING_METHODS> = {
  'picking.list': async ({ order }, ctx) => ctx.node.read.picking.pickList(await orderOf(ctx, order)),
  'picking.scan': async (params, ctx) => {
    const order = await orderOf(ctx, params.order)
    const location = await locationOf(ctx, params.location)
    const roll = await rollOf(ctx, params.roll)
    const product = await ctx.node.read.catalog.product(roll.sku)
    // the fold's guards (picked already, held for another order, not on this order, elsewhere) refuse with their reason
    const { ids } = await submit(ctx, [{ type: 'picking.scan', payload: { order: order.id, roll: roll.code, location } }])
    const line = lineServing(order.lines, product)
    // written in the site's style, as the Pick screen around it says numbers are written
    const shown =
      product === null ? String(roll.milli) : formatQuantity({ milli: roll.milli, unit: product.unit }, await siteNumberStyle(ctx))
    return { ids, roll, shown, line }
  },
  'picking.short': async (params, ctx) => {
    const order = await orderOf(ctx, params.order)
    const roll = params.roll === null ? null : (await rollOf(ctx, params.roll)).code
    return submit(ctx, [{ type: 'picking.short', payload: { order: order.id, line: params.line, roll, reason: params.reason } }])
  },
  'picking.unpick': async (params, ctx) => {
    const order = await orderOf(ctx, params.order)
    const roll = await rollOf(ctx, params.roll)
    return submit(ctx, [{ type: 'picking.unpick', payload: { order: order.id, roll: roll.code } }])
  },
}
