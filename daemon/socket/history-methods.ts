import { OutpostError, type HISTORY_METHODS } from '../../protocol/index.js'
import type { OutpostNode } from '../node.js'
import type { ImplementationsOf } from './context.js'
import { proposeRollback } from './history-rollback.js'
import { submit } from './submit.js'

async function resolved(node: OutpostNode, name: string): Promise<string> {
  const ref = await node.read.history.resolve(name)
  if (ref === null) throw new OutpostError('E_NOT_FOUND', `nothing is known as ${name}`)
  return ref
}

const SECRETS = ['pinHash', 'badgeHash']
function hidden(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) }
  for (const key of SECRETS) if (key in out) out[key] = '(hidden)'
  return out
}

export const HISTORY_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof HISTORY_METHODS> = {
  'history.get': async ({ record, limit, before }, { node }) => {
    const ref = await resolved(node, record)
    const page = await node.read.history.entries(ref, { limit, before })
    // a person's before-image carries the hashes of their PIN and badge: never shown (people are not rolled back)
    if (ref.startsWith('person/')) page.entries = page.entries.map((e) => (e.before === undefined ? e : { ...e, before: hidden(e.before) }))
    return { record: ref, ...page }
  },
  'history.touched': async ({ seq }, { node }) => ({ records: await node.read.history.touched(seq) }),
  'history.rollback': async ({ record, to, note, apply }, ctx) => {
    const { node, person } = ctx
    if (person === null) throw new OutpostError('E_NOT_SIGNED_IN', 'sign in first')
    const proposal = await proposeRollback(node.read.history, await resolved(node, record), to, note, node.source)
    if (!apply) {
      // shown before it is approved: the fold's own rules judge it now, nothing is appended
      await node.check(node.stamp(proposal.drafts, person.id))
      return { proposal, ids: [] }
    }
    const { ids } = await submit(ctx, proposal.drafts)
    return { proposal, ids }
  },
}
