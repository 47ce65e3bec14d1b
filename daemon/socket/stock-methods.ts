import { OutpostError, QuantityError, formatQuantity, parseQuantity } from '../../protocol/index.js'
import type { STOCK_METHODS } from '../../protocol/rpc-stock.js'
import type { Implementation } from './methods.js'

export const STOCK_METHOD_IMPLEMENTATIONS: { [M in keyof typeof STOCK_METHODS]: Implementation<M> } = {
  'quantity.parse': async ({ text, ...options }) => {
    try {
      const quantity = parseQuantity(text, options)
      return { ...quantity, shown: formatQuantity(quantity) }
    } catch (err) {
      if (err instanceof QuantityError) throw new OutpostError('E_INVALID_PARAMS', err.message)
      throw err
    }
  },
}
