import {
  OutpostError,
  type OperationDraft,
  type ORDERS_METHODS,
  type OrderLine,
  type OrderRecord,
  type Product,
  type RollRecord,
} from '../../protocol/index.js'
import { productOf, quantityOf, uniqueStem } from './codes.js'
import type { ImplementationsOf, MethodContext } from './context.js'
import { submit } from './submit.js'

type LineParams = { product?: string | undefined; quality?: string | undefined; color?: string | undefined; quantity: string }

export async function orderOf(ctx: MethodContext, id: string): Promise<OrderRecord> {
  const order = await ctx.node.read.orders.order(id)
  if (order === null) throw new OutpostError('E_NOT_FOUND', `no order ${id}`)
  return order
}

/** A typed order line, read against the catalog: which products serve it, in which unit. */
async function readLine(ctx: MethodContext, params: LineParams, index: number): Promise<{ line: OrderLine; products: Product[] }> {
  const where = `line ${index + 1}`
  let products: Product[]
  let line: Omit<OrderLine, 'milli'>
  if (params.product !== undefined) {
    const product = await productOf(ctx, params.product)
    products = [product]
    line = { sku: product.sku, quality: null, color: null }
  } else if (params.quality !== undefined && params.color !== undefined) {
    products = await ctx.node.read.catalog.productsWith({ quality: params.quality, color: params.color })
    if (products.length === 0)
      throw new OutpostError('E_NOT_FOUND', `${where}: no product of quality ${params.quality} and colour ${params.color}`)
    line = { sku: null, quality: params.quality, color: params.color }
  } else {
    throw new OutpostError('E_INVALID_PARAMS', `${where}: give a product, or a quality and a colour`)
  }
  const units = new Set(products.map((p) => p.unit))
  if (units.size > 1)
    throw new OutpostError('E_INVALID_PARAMS', `${where}: its products are counted in ${[...units].join(' and ')}; name one product`)
  const { milli } = await quantityOf(ctx, params.quantity, { unit: products[0]!.unit })
  return { line: { ...line, milli }, products }
}

/** Rolls to hold for a line: in stock, held for nobody, by location then code, until the line is covered (also inbound deal.won). */
export async function allocate(
  ctx: Pick<MethodContext, 'node'>,
  products: Product[],
  milli: number,
  taken: Set<string>,
): Promise<RollRecord[]> {
  const free: RollRecord[] = []
  for (const product of products) {
    for (const roll of await ctx.node.read.stock.rollsOf(product.sku)) {
      if (roll.state === 'in-stock' && (roll.order ?? null) === null && !taken.has(roll.code)) free.push(roll)
    }
  }
  free.sort((a, b) => (a.location === b.location ? a.code.localeCompare(b.code) : a.location.localeCompare(b.location)))
  const out: RollRecord[] = []
  let sum = 0
  for (const roll of free) {
    if (sum >= milli) break
    out.push(roll)
    taken.add(roll.code)
    sum += roll.milli
  }
  return out
}

export const ORDERS_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof ORDERS_METHODS> = {
  'orders.create': async (params, ctx) => {
    const id = params.id ?? `SO-${uniqueStem(ctx)}`
    if ((await ctx.node.read.orders.order(id)) !== null) throw new OutpostError('E_CONFLICT', `order ${id} exists already`)
    const read = []
    for (const [i, line] of params.lines.entries()) read.push(await readLine(ctx, line, i))
    const drafts: OperationDraft[] = [{ type: 'orders.create', payload: { id, customer: params.customer, lines: read.map((r) => r.line) } }]
    const taken = new Set<string>()
    const unheld: Array<{ line: number; milli: number }> = []
    let held = 0
    for (const [i, { line, products }] of read.entries()) {
      const rolls = params.reserve ? await allocate(ctx, products, line.milli, taken) : []
      const sum = rolls.reduce((s, r) => s + r.milli, 0)
      if (sum < line.milli) unheld.push({ line: i, milli: line.milli - sum })
      if (rolls.length > 0) drafts.push({ type: 'orders.reserve', payload: { order: id, line: i, rolls: rolls.map((r) => r.code) } })
      held += rolls.length
    }
    const { ids } = await submit(ctx, drafts)
    return { id, ids, held, unheld }
  },
  'orders.list': ({ state, limit }, { node }) => node.read.orders.orders(state, limit),
  'orders.reserve': (payload, ctx) => submit(ctx, [{ type: 'orders.reserve', payload }]),
  'orders.release': (payload, ctx) => submit(ctx, [{ type: 'orders.release', payload }]),
  'orders.fulfil': async (params, ctx) => {
    const order = await orderOf(ctx, params.order)
    if (order.state !== 'open') throw new OutpostError('E_CONFLICT', `order ${order.id} is ${order.state} already`)
    if (order.picked.length === 0 && order.shorts.length === 0)
      throw new OutpostError('E_CONFLICT', `nothing was picked for order ${order.id}: pick, or record short picks, first`)
    const { ids } = await submit(ctx, [{ type: 'orders.fulfil', payload: { order: order.id, rolls: order.picked } }])
    return { ids, rolls: order.picked }
  },
  'orders.cancel': (payload, ctx) => submit(ctx, [{ type: 'orders.cancel', payload }]),
}
