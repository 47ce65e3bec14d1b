import type Corestore from 'corestore'
import Hyperbee from 'hyperbee'

/**
 * The view's Hyperbee on its core: keys UTF-8 strings, values JSON, and no Hyperbee extension (it
 * asks peers for blocks a read misses; a node's view is all on its own disk, see fastForward in
 * OutpostNode). The node's and the benches' views are opened the same way.
 */
export function openViewBee(store: Corestore): Hyperbee {
  return new Hyperbee(store.get({ name: 'view' }), { extension: false, keyEncoding: 'utf-8', valueEncoding: 'json' })
}
