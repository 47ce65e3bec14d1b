import { OutpostError, type OperationDraft } from '../../protocol/index.js'
import { requireSecondFactor } from '../people/badge.js'
import type { Submitted } from '../submit.js'
import type { MethodContext } from './context.js'

/**
 * A method's write: the connection's signed-in person submits the drafts to the node
 * (OutpostNode.submit), and an approval needs the second factor where the node's config asks for
 * it (how a person signed in is the connection's to know, not the log's).
 */
export function submit(ctx: MethodContext, drafts: OperationDraft[], request?: string): Promise<Submitted> {
  const person = ctx.person
  if (person === null) throw new OutpostError('E_NOT_SIGNED_IN', 'sign in first')
  return ctx.node.submit(drafts, person.id, {
    ...(request === undefined ? {} : { request }),
    approve: (type) => requireSecondFactor(ctx, type),
  })
}
