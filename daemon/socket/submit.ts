import {
  APPROVAL_OPERATIONS,
  OPERATIONS,
  OutpostError,
  canonicalOperationType,
  isOperationType,
  roleAllows,
  type OperationDraft,
} from '../../protocol/index.js'
import { AppendOutcomeUnknown, type OutpostNode } from '../node.js'
import { requireSecondFactor } from '../people/badge.js'
import type { MethodContext } from './context.js'

/**
 * Validate drafts against the operation table and the person's role, then let the fold's own
 * rules judge them against the current view (same reasons as the fold), then append them as
 * one block. Resolves once they are durably in the local log.
 */
export async function submit(ctx: MethodContext, drafts: OperationDraft[], request?: string): Promise<{ ids: string[]; replayed?: true }> {
  const person = ctx.person
  if (person === null) throw new OutpostError('E_NOT_SIGNED_IN', 'sign in first')
  const valid = drafts.map(({ type: named, payload: raw }, i) => {
    const type = canonicalOperationType(named)
    if (!isOperationType(type)) throw new OutpostError('E_INVALID_PARAMS', `ops[${i}]: unknown operation type ${named}`)
    const draft = { type, payload: raw }
    const spec = OPERATIONS[type]
    if (spec.allowed === 'genesis') throw new OutpostError('E_FORBIDDEN', `${draft.type} is made only by a node founding a site`)
    if (spec.allowed === 'node') throw new OutpostError('E_FORBIDDEN', `${draft.type} is made only by a node itself`)
    if (typeof spec.allowed !== 'string' && !roleAllows(person.role, spec.allowed)) {
      throw new OutpostError('E_FORBIDDEN', `a ${person.role} may not ${draft.type}`)
    }
    if (APPROVAL_OPERATIONS.has(draft.type)) requireSecondFactor(ctx, draft.type)
    const payload = spec.payload.safeParse(draft.payload)
    if (!payload.success) {
      const issue = payload.error.issues[0]
      const where = issue === undefined ? '' : issue.path.map(String).join('.')
      throw new OutpostError('E_INVALID_PARAMS', `ops[${i}].payload${where === '' ? '' : '.' + where}: ${issue?.message ?? 'invalid'}`)
    }
    return { type: draft.type, payload: payload.data }
  })
  if (request === undefined) return { ids: await stampAndAppend(ctx.node, valid, person.id) }
  // A request id the log already holds was answered before, or its answer was lost when the
  // daemon dropped the connection (AppendOutcomeUnknown): either way it is not appended again.
  const recorded = await ctx.node.requests.claim(request)
  if (recorded !== null) return { ids: recorded, replayed: true }
  let ids: string[]
  try {
    ids = await stampAndAppend(ctx.node, valid, person.id, request)
  } catch (err) {
    // refused before anything was written: free for a retry. An append whose outcome is unknown
    // stays claimed: the daemon is exiting, and after the restart the log says whether it is there.
    if (!(err instanceof AppendOutcomeUnknown)) await ctx.node.requests.settle(request, null)
    throw err
  }
  await ctx.node.requests.settle(request, ids)
  return { ids }
}

async function stampAndAppend(node: OutpostNode, drafts: OperationDraft[], person: string, request?: string): Promise<string[]> {
  const ops = node.stamp(drafts, person)
  await node.check(ops)
  return node.append(ops, request)
}
