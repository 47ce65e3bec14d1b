import { OutpostError, QuantityError, parseQuantity, type Product, type Quantity, type QuantityOptions } from '../../protocol/index.js'
import type { MethodContext } from './submit.js'

/** Scanned or typed codes and quantities, read the one way every method reads them. */

/** Read a typed quantity, or refuse with the parser's reason as the one line a person sees. */
export function quantityOf(text: string, options: QuantityOptions): Quantity {
  try {
    return parseQuantity(text, options)
  } catch (err) {
    if (err instanceof QuantityError) throw new OutpostError('E_INVALID_PARAMS', err.message)
    throw err
  }
}

/** A product named by SKU or by any of its barcodes. */
export async function productOf(ctx: MethodContext, code: string): Promise<Product> {
  const entry = await ctx.node.stock.code(code)
  const product = entry?.kind === 'product' ? await ctx.node.stock.product(entry.key) : null
  if (product === null)
    throw new OutpostError('E_NOT_FOUND', `${code} is not a product of this site${entry === null ? '' : ` (it is a ${entry.kind})`}`)
  return product
}

export async function locationOf(ctx: MethodContext, code: string): Promise<string> {
  const entry = await ctx.node.stock.code(code)
  if (entry?.kind !== 'location')
    throw new OutpostError('E_NOT_FOUND', `${code} is not a location of this site${entry === null ? '' : ` (it is a ${entry.kind})`}`)
  return entry.key
}
