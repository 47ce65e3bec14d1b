import {
  OPERATIONS,
  OutpostError,
  canonicalOperationType,
  isOperationType,
  roleAllows,
  type OperationDraft,
  type PersonRecord,
} from '../protocol/index.js'
import type { Author, OutpostNode } from './node.js'

/**
 * An append failed inside the store after it had started: the block may or may not be in the
 * log (seen: a batch answered E_INTERNAL on ENOSPC was in the log after a restart, and the
 * client's retry doubled it). Whoever asked must not be told "failed": the socket drops the
 * connection unanswered, and the daemon exits (see OutpostNode.failed).
 */
export class AppendOutcomeUnknown extends Error {
  constructor(readonly reason: string) {
    super(`append outcome unknown: ${reason}`)
    this.name = 'AppendOutcomeUnknown'
  }
}

/**
 * The one way into the log (OutpostNode.submit): the socket, the CSV import, founding a site, the
 * print service, the printer worker and pairing all write through here, and so will inbound
 * webhooks. Drafts are checked against the operation table and the author's role, stamped, run
 * through the fold's own rules against the current view, and appended as one block.
 */

export interface SubmitOptions {
  /** A client's id for this write: a retry with the same id gets the first attempt's ids (requests.ts). */
  request?: string
  /** Called for each approval operation once its role is checked: the socket asks for a second factor here. */
  approve?: (type: string) => void
  /**
   * Run the fold's rules against the current view before appending (default true), so a refusal
   * comes back with the fold's reason. Off where the fold's verdict is read afterwards instead:
   * an import (checking first took as long again as the fold itself: import.ts), a print (a fact,
   * recorded whatever the view says), founding (there is no view yet).
   */
  dryRun?: boolean
}

export interface Submitted {
  ids: string[]
  /** This request id was recorded before: nothing was appended now (see SubmitOptions.request). */
  replayed?: true
}

export async function submitDrafts(node: OutpostNode, drafts: OperationDraft[], author: Author, opts: SubmitOptions): Promise<Submitted> {
  const valid = validate(drafts, author === '@system' ? null : await activePerson(node, author), opts.approve)
  const { request } = opts
  if (request === undefined) return { ids: await stampAndAppend(node, valid, author, opts) }
  // A request id the log already holds was answered before, or its answer was lost when the
  // daemon dropped the connection (AppendOutcomeUnknown): either way it is not appended again.
  const recorded = await node.requests.claim(request)
  if (recorded !== null) return { ids: recorded, replayed: true }
  let ids: string[]
  try {
    ids = await stampAndAppend(node, valid, author, opts)
  } catch (err) {
    // refused before anything was written: free for a retry. An append whose outcome is unknown
    // stays claimed: the daemon is exiting, and after the restart the log says whether it is there.
    if (!(err instanceof AppendOutcomeUnknown)) await node.requests.settle(request, null)
    throw err
  }
  await node.requests.settle(request, ids)
  return { ids }
}

async function activePerson(node: OutpostNode, id: string): Promise<PersonRecord> {
  const person = await node.read.people.person(id)
  if (person === null || !person.active) throw new OutpostError('E_NOT_SIGNED_IN', `person ${id} is unknown or was removed`)
  return person
}

/** Each draft's type, the author's right to make it, and its payload; `person` null is the node itself. */
function validate(drafts: OperationDraft[], person: PersonRecord | null, approve: SubmitOptions['approve']): OperationDraft[] {
  return drafts.map(({ type: named, payload: raw }, i) => {
    // a client that still says an old name (before protocol v2) gets it written under the new one
    const type = canonicalOperationType(named)
    if (!isOperationType(type)) throw new OutpostError('E_INVALID_PARAMS', `ops[${i}]: unknown operation type ${named}`)
    const spec = OPERATIONS[type]
    if (person !== null) {
      if (spec.allowed === 'genesis') throw new OutpostError('E_FORBIDDEN', `${type} is made only by a node founding a site`)
      if (spec.allowed === 'node') throw new OutpostError('E_FORBIDDEN', `${type} is made only by a node itself`)
      if (typeof spec.allowed !== 'string' && !roleAllows(person.role, spec.allowed)) {
        throw new OutpostError('E_FORBIDDEN', `a ${person.role} may not ${type}`)
      }
      if ('approval' in spec && spec.approval) approve?.(type)
    }
    const payload = spec.payload.safeParse(raw)
    if (!payload.success) {
      const issue = payload.error.issues[0]
      const where = issue === undefined ? '' : issue.path.map(String).join('.')
      throw new OutpostError('E_INVALID_PARAMS', `ops[${i}].payload${where === '' ? '' : '.' + where}: ${issue?.message ?? 'invalid'}`)
    }
    return { type, payload: payload.data }
  })
}

async function stampAndAppend(node: OutpostNode, drafts: OperationDraft[], author: Author, opts: SubmitOptions): Promise<string[]> {
  const ops = node.stamp(drafts, author)
  if (opts.dryRun !== false) await node.check(ops)
  return node.append(ops, opts.request)
}
