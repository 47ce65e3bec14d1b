import {
  OPERATIONS,
  OutpostError,
  isOperationType,
  roleAllows,
  type MethodName,
  type OperationDraft,
  type ParsedParamsOf,
  type PersonRecord,
  type ResultOf,
} from '../../protocol/index.js'
import type { OutpostNode } from '../node.js'
import { hashPin, verifyPin } from '../people/pin-hash.js'
import type { SignInGuard } from '../people/sign-in-guard.js'
import { verifyView } from '../verify.js'
import type { Mesh } from '../net/mesh.js'

/** What a method sees of its connection. */
export interface MethodContext {
  node: OutpostNode
  /** The node on the network; null when networking is off in the config. */
  mesh: Mesh | null
  guard: SignInGuard
  /** The signed-in person, checked against the view for this request (null if nobody). */
  person: PersonRecord | null
  signIn(person: PersonRecord): void
  signOut(): void
  subscribe(): void
}

function pairingOf(ctx: MethodContext) {
  const pairing = ctx.mesh?.pairing
  if (pairing === undefined || pairing === null)
    throw new OutpostError('E_USAGE', 'networking is off on this node (network.enabled in config.json)')
  return pairing
}

/** A node named by its writer key, the first 6+ characters of it, or its name. */
async function findWriter(ctx: MethodContext, name: string) {
  const writers = await ctx.node.reader.writers()
  const matches = writers.filter((w) => w.key === name || (name.length >= 6 && w.key.startsWith(name)) || w.name === name)
  if (matches.length === 0) throw new OutpostError('E_NOT_FOUND', `no node ${name} in this site (outpost peers lists them)`)
  if (matches.length > 1) throw new OutpostError('E_USAGE', `${name} names ${matches.length} nodes: give more of the key`)
  return matches[0]!
}

type Implementation<M extends MethodName> = (params: ParsedParamsOf<M>, ctx: MethodContext) => Promise<ResultOf<M>>
type Implementations = { [M in MethodName]: Implementation<M> }

/**
 * Validate drafts against the operation table and the person's role, then let the fold's own
 * rules judge them against the current view (same reasons as the fold), then append them as
 * one block. Resolves once they are durably in the local log.
 */
async function submit(ctx: MethodContext, drafts: OperationDraft[]): Promise<{ ids: string[] }> {
  const person = ctx.person
  if (person === null) throw new OutpostError('E_NOT_SIGNED_IN', 'sign in first')
  const valid = drafts.map((draft, i) => {
    if (!isOperationType(draft.type)) throw new OutpostError('E_INVALID_PARAMS', `ops[${i}]: unknown operation type ${draft.type}`)
    const spec = OPERATIONS[draft.type]
    if (spec.allowed === 'genesis') throw new OutpostError('E_FORBIDDEN', `${draft.type} is made only by a node founding a site`)
    if (typeof spec.allowed !== 'string' && !roleAllows(person.role, spec.allowed)) {
      throw new OutpostError('E_FORBIDDEN', `a ${person.role} may not ${draft.type}`)
    }
    const payload = spec.payload.safeParse(draft.payload)
    if (!payload.success) {
      const issue = payload.error.issues[0]
      const where = issue === undefined ? '' : issue.path.map(String).join('.')
      throw new OutpostError('E_INVALID_PARAMS', `ops[${i}].payload${where === '' ? '' : '.' + where}: ${issue?.message ?? 'invalid'}`)
    }
    return { type: draft.type, payload: payload.data }
  })
  const ops = ctx.node.stamp(valid, person.id)
  await ctx.node.check(ops)
  return { ids: await ctx.node.append(ops) }
}

export const METHOD_IMPLEMENTATIONS: Implementations = {
  'system.status': (_p, { node }) => node.status(),

  'session.signIn': async ({ person: id, pin }, ctx) => {
    ctx.guard.check(id)
    const person = await ctx.node.reader.personWithSecret(id)
    const ok = person !== null && person.active && (await verifyPin(pin, person.pinHash))
    if (!ok) {
      ctx.guard.failed(id)
      throw new OutpostError('E_BAD_CREDENTIALS', 'unknown person or wrong PIN')
    }
    ctx.guard.succeeded(id)
    const record = { id: person.id, name: person.name, role: person.role, active: person.active }
    ctx.signIn(record)
    return record
  },
  'session.signOut': async (_p, ctx) => {
    ctx.signOut()
    return {}
  },
  'session.whoami': async (_p, ctx) => ctx.person,

  'people.list': (_p, { node }) => node.reader.people(),
  'people.add': async ({ pin, ...rest }, ctx) => submit(ctx, [{ type: 'person.add', payload: { ...rest, pinHash: await hashPin(pin) } }]),
  'people.setPin': async ({ id, pin }, ctx) => {
    if (ctx.person !== null && ctx.person.id !== id && ctx.person.role !== 'admin') {
      throw new OutpostError('E_FORBIDDEN', 'only the person or an admin may change a PIN')
    }
    return submit(ctx, [{ type: 'person.setPin', payload: { id, pinHash: await hashPin(pin) } }])
  },
  'people.setRole': (params, ctx) => submit(ctx, [{ type: 'person.setRole', payload: params }]),
  'people.remove': (params, ctx) => submit(ctx, [{ type: 'person.remove', payload: params }]),

  'writers.list': (_p, { node }) => node.reader.writers(),

  'notes.post': (params, ctx) => submit(ctx, [{ type: 'note.post', payload: params }]),
  'notes.archive': (params, ctx) => submit(ctx, [{ type: 'note.archive', payload: params }]),
  'notes.list': (params, { node }) => node.reader.notes(params),

  'ops.submit': ({ ops }, ctx) => submit(ctx, ops),

  'audit.list': (params, { node }) => node.reader.audit(params),
  'system.verify': (_p, { node }) => verifyView(node),
  'scan.resolve': ({ code }, { node }) => node.reader.resolveScan(code),

  'pair.code': async (_p, ctx) => pairingOf(ctx).createCode(),
  'pair.requests': async (_p, ctx) => pairingOf(ctx).requests(),
  'pair.accept': async ({ id }, ctx) => ({ writerKey: await pairingOf(ctx).accept(id, ctx.person?.id ?? '@system') }),
  'pair.deny': async ({ id }, ctx) => {
    pairingOf(ctx).deny(id)
    return {}
  },
  'peers.list': async (_p, { mesh }) => mesh?.peers() ?? [],
  'peers.remove': async ({ node }, ctx) => {
    const writer = await findWriter(ctx, node)
    if (writer.key === ctx.node.nodeKey) throw new OutpostError('E_FORBIDDEN', 'a node cannot remove itself: remove it from another node')
    return submit(ctx, [{ type: 'writer.remove', payload: { key: writer.key } }])
  },

  'view.subscribe': async (_p, ctx) => {
    ctx.subscribe()
    const meta = await ctx.node.reader.meta()
    return { seq: meta.seq, hash: meta.hash }
  },
}
