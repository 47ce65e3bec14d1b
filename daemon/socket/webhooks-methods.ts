import { OutpostError, type WEBHOOKS_METHODS } from '../../protocol/index.js'
import type { WebhooksReport } from '../status-board.js'
import type { ImplementationsOf, MethodContext } from './context.js'

/** The outbox of this node, which every daemon opens (daemon/outbox/outbox.ts). */
function outbox(ctx: MethodContext): WebhooksReport {
  const report = ctx.node.board.webhooks
  if (report === null) throw new OutpostError('E_CONFLICT', 'this node runs no webhook outbox')
  return report
}

export const WEBHOOKS_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof WEBHOOKS_METHODS> = {
  'webhooks.list': async (_params, ctx) => {
    const report = outbox(ctx)
    const [status, endpoints] = await Promise.all([report.status(), report.endpoints()])
    return { status: { ...status, inbound: ctx.node.board.inbound?.address() ?? null }, endpoints }
  },
  'webhooks.add': (params, ctx) => outbox(ctx).add(params),
  'webhooks.remove': async ({ id }, ctx) => {
    await outbox(ctx).remove(id)
    return {}
  },
  'webhooks.rotateSecret': ({ id, overlapHours }, ctx) => outbox(ctx).rotate(id, overlapHours),
  'webhooks.enable': async ({ id }, ctx) => {
    await outbox(ctx).enable(id)
    return {}
  },
  'webhooks.dead': ({ endpoint, limit }, ctx) => outbox(ctx).dead(endpoint, limit),
  'webhooks.retry': ({ id, endpoint }, ctx) => outbox(ctx).retry(id, endpoint),
}
