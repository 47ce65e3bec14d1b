import { formatQuantity, type SYSTEM_METHODS } from '../../protocol/index.js'
import { auditWithUnaccepted } from '../unaccepted.js'
import { verifyView } from '../verify.js'
import { quantityOf, siteNumberStyle } from './codes.js'
import type { ImplementationsOf } from './context.js'
import { submit } from './submit.js'

export const SYSTEM_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof SYSTEM_METHODS> = {
  'system.status': (_p, { node }) => node.status(),
  'ops.submit': ({ ops, request }, ctx) => submit(ctx, ops, request),
  'audit.list': (params, { node }) => auditWithUnaccepted(node, params),
  'system.verify': (_p, { node }) => verifyView(node),
  'scan.resolve': async ({ code }, { node }) => {
    // labels first (product, location, roll: one read of the code index), then badges and nodes
    const entry = await node.read.catalog.code(code.trim())
    if (entry?.kind === 'product') {
      const product = await node.read.catalog.product(entry.key)
      if (product !== null) return { kind: 'product', code, product }
    }
    if (entry?.kind === 'location') {
      const location = await node.read.catalog.location(entry.key)
      if (location !== null) return { kind: 'location', code, location }
    }
    if (entry?.kind === 'roll') {
      const roll = await node.read.stock.roll(entry.key)
      const product = roll === null ? null : await node.read.catalog.product(roll.sku)
      if (roll !== null && product !== null) return { kind: 'roll', code, roll, product }
    }
    if (entry?.kind === 'device') {
      const found = await node.read.repairs.find(entry.key)
      if (found !== null) return { kind: 'device', code, device: found.device, repair: found.repair }
    }
    return node.read.system.resolveScan(code)
  },
  'quantity.parse': async ({ text, ...options }, ctx) => {
    const style = options.style ?? (await siteNumberStyle(ctx))
    const quantity = await quantityOf(ctx, text, { ...options, style })
    return { ...quantity, shown: formatQuantity(quantity, style), style }
  },
  'view.subscribe': async (_p, ctx) => {
    ctx.subscribe()
    const meta = await ctx.node.read.system.meta()
    return { seq: meta.seq, hash: meta.hash }
  },
}
