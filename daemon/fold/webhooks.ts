import type { WEBHOOKS_OPERATIONS } from '../../protocol/index.js'
import { WEBHOOK_SENDER_KEY, webhookReceivedKey } from '../view/keys.js'
import { reject, type Handler, type HandlersOf } from './context.js'

/** The node that sends the site's webhooks: the last to say so (its config has `webhooks.send`). */
export const webhooksSender: Handler<'webhooks.sender'> = async ({ view, op }) => {
  await view.put(WEBHOOK_SENDER_KEY, { node: op.node, at: op.hlc.t })
}

/**
 * An inbound webhook, applied with the operations it made (one block): a second one with the
 * same id is refused, and the dry run refuses its whole block before anything is appended.
 */
export const webhooksReceived: Handler<'webhooks.received'> = async ({ view, op }) => {
  const key = webhookReceivedKey(op.payload.id)
  if ((await view.get(key)) !== null) reject(`webhook ${op.payload.id} was applied already`)
  await view.put(key, { type: op.payload.type, op: op.id, at: op.hlc.t })
}

export const WEBHOOKS_HANDLERS: HandlersOf<typeof WEBHOOKS_OPERATIONS> = {
  'webhooks.sender': webhooksSender,
  'webhooks.received': webhooksReceived,
}
