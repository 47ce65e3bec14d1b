import {
  OutpostError,
  formatQuantity,
  type ConflictRecord,
  type Departure,
  type OperationDraft,
  type OrderLine,
  type OrderRecord,
  type Product,
  type RollRecord,
  lineServing,
} from '../../protocol/index.js'
import type { ORDER_METHODS } from '../../protocol/rpc-orders.js'
import { requireSecondFactor } from '../people/badge.js'
import { UNACCEPTED_PREFIX, UNSETTLEABLE, conflictsWithUnaccepted } from '../unaccepted.js'
import { locationOf, productOf, quantityOf, rollOf, siteNumberStyle, uniqueStem } from './codes.js'
import type { Implementation } from './methods.js'
import { submit, type MethodContext } from './submit.js'

type LineParams = { product?: string | undefined; quality?: string | undefined; color?: string | undefined; quantity: string }

async function orderOf(ctx: MethodContext, id: string): Promise<OrderRecord> {
  const order = await ctx.node.orders.order(id)
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
    products = await ctx.node.stock.productsWith({ quality: params.quality, color: params.color })
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

/** Rolls to hold for a line: in stock, held for nobody, by location then code, until the line is covered. */
async function allocate(ctx: MethodContext, products: Product[], milli: number, taken: Set<string>): Promise<RollRecord[]> {
  const free: RollRecord[] = []
  for (const product of products) {
    for (const roll of await ctx.node.stock.rollsOf(product.sku)) {
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

/**
 * The departure a person names as the one that stands (an order id, a count session, or the
 * operation id itself), as the operation id the fold takes; one clear line when it names none.
 */
function keptDeparture(conflict: ConflictRecord, kept: string | null): string | null {
  if (conflict.unit === undefined) {
    if (kept !== null) throw new OutpostError('E_INVALID_PARAMS', 'only a unit that left twice names what kept it')
    return null
  }
  const choices = conflict.unit.departures.map(departureName).join(', ')
  if (kept === null)
    throw new OutpostError('E_INVALID_PARAMS', `roll ${conflict.unit.code} left twice: say which really got it (kept: ${choices})`)
  const matches = conflict.unit.departures.filter((d) => d.op === kept || d.order === kept || d.count === kept)
  if (matches.length !== 1)
    throw new OutpostError(
      'E_INVALID_PARAMS',
      `${kept} ${matches.length === 0 ? 'is not' : 'names more than one'} of roll ${conflict.unit.code}'s departures: ${choices}`,
    )
  return matches[0]!.op
}

const departureName = (d: Departure): string => d.order ?? d.count ?? d.op

export const ORDER_METHOD_IMPLEMENTATIONS: { [M in keyof typeof ORDER_METHODS]: Implementation<M> } = {
  'orders.create': async (params, ctx) => {
    const id = params.id ?? `SO-${uniqueStem(ctx)}`
    if ((await ctx.node.orders.order(id)) !== null) throw new OutpostError('E_CONFLICT', `order ${id} exists already`)
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

  'orders.list': ({ state, limit }, { node }) => node.orders.orders(state, limit),
  'picking.list': async ({ order }, ctx) => ctx.node.orders.pickList(await orderOf(ctx, order)),
  'orders.reserve': (payload, ctx) => submit(ctx, [{ type: 'orders.reserve', payload }]),
  'orders.release': (payload, ctx) => submit(ctx, [{ type: 'orders.release', payload }]),

  'picking.scan': async (params, ctx) => {
    const order = await orderOf(ctx, params.order)
    const location = await locationOf(ctx, params.location)
    const roll = await rollOf(ctx, params.roll)
    const product = await ctx.node.stock.product(roll.sku)
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

  'orders.fulfil': async (params, ctx) => {
    const order = await orderOf(ctx, params.order)
    if (order.state !== 'open') throw new OutpostError('E_CONFLICT', `order ${order.id} is ${order.state} already`)
    if (order.picked.length === 0 && order.shorts.length === 0)
      throw new OutpostError('E_CONFLICT', `nothing was picked for order ${order.id}: pick, or record short picks, first`)
    const { ids } = await submit(ctx, [{ type: 'orders.fulfil', payload: { order: order.id, rolls: order.picked } }])
    return { ids, rolls: order.picked }
  },

  'orders.cancel': (payload, ctx) => submit(ctx, [{ type: 'orders.cancel', payload }]),

  'counting.open': async (params, ctx) => {
    const location = await locationOf(ctx, params.location)
    const session = `C-${uniqueStem(ctx)}`
    const { ids } = await submit(ctx, [{ type: 'counting.open', payload: { session, location } }])
    return { ids, session, location }
  },

  'counting.scan': async (params, ctx) => {
    const { ids } = await submit(ctx, [{ type: 'counting.scan', payload: params }])
    const count = await ctx.node.orders.count(params.session)
    return { ids, scans: count?.scans.length ?? 0 }
  },

  'counting.get': async ({ session }, ctx) => {
    const count = await ctx.node.orders.count(session)
    if (count === null) throw new OutpostError('E_NOT_FOUND', `no count session ${session}`)
    return { count, variances: await ctx.node.orders.variances(count) }
  },

  'counting.list': ({ limit }, { node }) => node.orders.counts(limit),

  'counting.approve': async ({ session }, ctx) => {
    requireSecondFactor(ctx, 'counting.approve')
    const count = await ctx.node.orders.count(session)
    if (count === null) throw new OutpostError('E_NOT_FOUND', `no count session ${session}`)
    const variances = (await ctx.node.orders.variances(count)).flatMap((v) =>
      v.kind === 'unknown' ? [] : [{ roll: v.roll, kind: v.kind }],
    )
    const { ids } = await submit(ctx, [{ type: 'counting.approve', payload: { session, variances } }])
    return { ids, adjusted: variances.length }
  },

  'counting.cancel': (payload, ctx) => submit(ctx, [{ type: 'counting.cancel', payload }]),

  'stock.lookup': async ({ code }, ctx) => {
    const { stock } = ctx.node
    const entry = await stock.code(code.trim())
    if (entry === null) throw new OutpostError('E_NOT_FOUND', `${code} is not a product, roll or location of this site`)
    if (entry.kind === 'roll') {
      const roll = await stock.roll(entry.key)
      const product = roll === null ? null : await stock.product(roll.sku)
      const balances = roll === null ? [] : (await stock.balances(roll.sku)).filter((b) => b.lot === roll.lot)
      return { kind: 'roll', product, location: null, roll, balances, rolls: [] }
    }
    if (entry.kind === 'product') {
      const product = await stock.product(entry.key)
      const rolls = (await stock.rollsOf(entry.key)).slice(0, 100)
      return { kind: 'product', product, location: null, roll: null, balances: await stock.balances(entry.key), rolls }
    }
    const location = await stock.location(entry.key)
    const rolls = await stock.rollsAt(entry.key, 200)
    const balances = (await stock.balancesAt(entry.key)).filter((b) => b.milli !== 0 || b.reserved !== 0)
    return { kind: 'location', product: null, location, roll: null, balances, rolls }
  },

  'conflicts.list': ({ open, limit }, { node }) => conflictsWithUnaccepted(node, open, limit),

  'conflicts.resolve': async ({ conflict: id, note, correction, kept }, ctx) => {
    requireSecondFactor(ctx, 'conflicts.resolve')
    const conflict = await ctx.node.orders.conflict(id)
    if (conflict === null && id.startsWith(UNACCEPTED_PREFIX)) throw new OutpostError('E_CONFLICT', UNSETTLEABLE)
    if (conflict === null) throw new OutpostError('E_NOT_FOUND', `no conflict ${id}`)
    const keptOp = keptDeparture(conflict, kept)
    let milli: number | null = null
    if (correction !== null) {
      if (conflict.balance === null) throw new OutpostError('E_INVALID_PARAMS', 'only a negative balance takes a correction')
      const product = await ctx.node.stock.product(conflict.balance.sku)
      milli =
        typeof correction === 'string'
          ? (await quantityOf(ctx, correction, { unit: product?.unit ?? 'pcs', allowNegative: true })).milli
          : correction.milli
    }
    return submit(ctx, [{ type: 'conflicts.resolve', payload: { conflict: id, note, correction: milli, kept: keptOp } }])
  },

  'events.list': ({ afterSeq, limit }, { node }) => node.orders.events(afterSeq, limit),
}
