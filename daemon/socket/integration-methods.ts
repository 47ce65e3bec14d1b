import { OutpostError, type INTEGRATION_METHODS } from '../../protocol/index.js'
import type { ImplementationsOf } from './context.js'

export const INTEGRATION_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof INTEGRATION_METHODS> = {
  'integration.balances': async ({ sku }, { node }) => {
    // the event count first: balances read after it include at least what those events did
    const events = await node.read.webhooks.eventCount()
    const balances = (await node.read.stock.balances(sku)).map(({ sku, location, lot, milli, reserved }) => ({
      sku,
      location,
      lot,
      milli,
      reserved,
    }))
    return { events, balances }
  },
  'integration.availability': (query, { node }) => {
    const integration = node.board.inbound
    if (integration === null) throw new OutpostError('E_CONFLICT', 'this node runs no integration')
    return integration.availability(query)
  },
}
