import {
  OutpostError,
  QuantityError,
  parseQuantity,
  type NumberStyle,
  type Product,
  type Quantity,
  type QuantityOptions,
  type RollRecord,
} from '../../protocol/index.js'
import type { MethodContext } from './context.js'

/** Scanned or typed codes and quantities, read the one way every method reads them. */

/** The site's number style as the view has it now (null: founded before sites had one). */
export async function siteNumberStyle(ctx: MethodContext): Promise<NumberStyle | null> {
  return (await ctx.node.read.system.site())?.numberStyle ?? null
}

/**
 * Read a typed quantity in the site's number style (or the one the caller names: a terminal
 * set to its own), or refuse with the parser's reason as the one line a person sees.
 */
export async function quantityOf(ctx: MethodContext, text: string, options: QuantityOptions): Promise<Quantity> {
  const style = options.style ?? (await siteNumberStyle(ctx))
  try {
    return parseQuantity(text, { ...options, style })
  } catch (err) {
    if (err instanceof QuantityError)
      throw new OutpostError(err.readings === null ? 'E_INVALID_PARAMS' : 'E_AMBIGUOUS_QUANTITY', err.message)
    throw err
  }
}

/** A product named by SKU or by any of its barcodes. */
export async function productOf(ctx: MethodContext, code: string): Promise<Product> {
  const entry = await ctx.node.read.catalog.code(code)
  const product = entry?.kind === 'product' ? await ctx.node.read.catalog.product(entry.key) : null
  if (product === null)
    throw new OutpostError('E_NOT_FOUND', `${code} is not a product of this site${entry === null ? '' : ` (it is a ${entry.kind})`}`)
  return product
}

export async function locationOf(ctx: MethodContext, code: string): Promise<string> {
  const entry = await ctx.node.read.catalog.code(code)
  if (entry?.kind !== 'location')
    throw new OutpostError('E_NOT_FOUND', `${code} is not a location of this site${entry === null ? '' : ` (it is a ${entry.kind})`}`)
  return entry.key
}

/** A roll named by its code (what its label carries). */
export async function rollOf(ctx: MethodContext, code: string): Promise<RollRecord> {
  const entry = await ctx.node.read.catalog.code(code)
  const roll = entry?.kind === 'roll' ? await ctx.node.read.stock.roll(entry.key) : null
  if (roll === null)
    throw new OutpostError('E_NOT_FOUND', `${code} is not a roll${entry === null ? ' of this site' : ` (it is a ${entry.kind})`}`)
  return roll
}

/**
 * The stem of a code unique across the site without asking anyone: three characters of the
 * node's key and the node's clock, upper case (short enough for CODE128 on a 58 mm label).
 */
export function uniqueStem(ctx: MethodContext): string {
  const { t, c } = ctx.node.clock.tick()
  return `${ctx.node.nodeKey.slice(0, 3)}${t.toString(36)}${c > 0 ? c.toString(36) : ''}`.toUpperCase()
}
