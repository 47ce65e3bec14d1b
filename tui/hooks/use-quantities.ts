import { useEffect, useState } from 'react'
import { formatQuantity, type Unit } from '../../protocol/index.js'
import type { SocketClient } from '../../client/socket-client.js'
import { useClient } from '../state/contexts.js'
import { useNumberStyle } from './use-number-style.js'

export interface Quantities {
  /**
   * `milli` thousandths of product `sku`, in its own unit and this terminal's number style
   * ("12,5 kg", "1,440 pcs"); the bare number while the unit is still being read (or for no product).
   */
  show(milli: number, sku: string | null | undefined): string
  /** The line that says how numbers are written here ("numbers: 1.234,5"). */
  hint: string
}

/**
 * A product's unit never changes once it exists (the fold refuses it: "a unit never changes under
 * stock"), so a unit read once is kept for the connection's life and shared by every screen.
 */
const known = new WeakMap<SocketClient, Map<string, Unit>>()

function unitsOf(client: SocketClient): Map<string, Unit> {
  let units = known.get(client)
  if (units === undefined) known.set(client, (units = new Map<string, Unit>()))
  return units
}

/**
 * Quantities as people read them, for the products `skus` on screen. Seen (issue #16): the Pick
 * screen wrote every figure as metres and Count, Conflicts and a shelf's lookup wrote "m" after
 * kg and pcs. The records (pick list, variances, balances, conflicts) carry a SKU, not its unit:
 * the unit is the product's, read through `scan.resolve` (a product's SKU is one of its codes).
 */
export function useQuantities(skus: readonly (string | null | undefined)[]): Quantities {
  const client = useClient()
  const numbers = useNumberStyle()
  const units = unitsOf(client)
  const [, setRead] = useState(0)
  // one string, so the effect runs when the set of unknown SKUs changes, not on every render
  const unknown = [...new Set(skus.filter((s): s is string => typeof s === 'string' && s !== '' && !units.has(s)))].sort().join('\n')

  useEffect(() => {
    if (unknown === '') return
    let live = true
    const reads = unknown.split('\n').map(async (sku) => {
      const found = await client.call('scan.resolve', { code: sku }).catch(() => null) // a closed connection: the bare number stays
      if (found?.kind === 'product' && found.product.sku === sku) units.set(sku, found.product.unit)
    })
    void Promise.all(reads).then(() => {
      if (live) setRead((n) => n + 1)
    })
    return () => {
      live = false
    }
  }, [client, units, unknown])

  const show = (milli: number, sku: string | null | undefined): string => {
    const unit = sku === null || sku === undefined ? undefined : units.get(sku)
    if (unit !== undefined) return formatQuantity({ milli, unit }, numbers.style)
    const text = formatQuantity({ milli, unit: 'pcs' }, numbers.style)
    return text.slice(0, -' pcs'.length)
  }
  return { show, hint: numbers.hint }
}
