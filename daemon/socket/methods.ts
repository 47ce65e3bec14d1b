import { OutpostError, type MethodName, type ParsedParamsOf, type ResultOf } from '../../protocol/index.js'
import type { PersonState } from '../fold/context.js'
import { badgeMatches, newBadge, requireSecondFactor } from '../people/badge.js'
import { DUMMY_PIN_HASH, hashPin, verifyPin } from '../people/pin-hash.js'
import { auditWithUnaccepted } from '../unaccepted.js'
import { verifyView } from '../verify.js'
import { PRINT_METHOD_IMPLEMENTATIONS } from './print-methods.js'
import { STOCK_METHOD_IMPLEMENTATIONS } from './stock-methods.js'
import { ORDER_METHOD_IMPLEMENTATIONS } from './order-methods.js'
import { submit, type MethodContext } from './submit.js'

export type { MethodContext }

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

export type Implementation<M extends MethodName> = (params: ParsedParamsOf<M>, ctx: MethodContext) => Promise<ResultOf<M>>
type Implementations = { [M in MethodName]: Implementation<M> }

export const METHOD_IMPLEMENTATIONS: Implementations = {
  'system.status': (_p, { node }) => node.status(),

  'session.signIn': async ({ person: id, pin, badge }, ctx) => {
    // Counted before the check, one at a time per person, rate-limited per node (sign-in-guard.ts).
    // Unknown and removed people cost the same scrypt as a known one: timing tells nothing.
    let person: PersonState | null = null
    const ok = await ctx.guard.attempt(id, async () => {
      person = await ctx.node.reader.personWithSecret(id)
      const right = await verifyPin(pin, person?.pinHash ?? DUMMY_PIN_HASH)
      // a wrong badge counts as a wrong PIN: it is the same guess at the same person
      const badgeRight = badge === undefined || badgeMatches(badge, id, person?.badgeHash)
      return right && badgeRight && person !== null && person.active
    })
    if (!ok || person === null) throw new OutpostError('E_BAD_CREDENTIALS', 'unknown person or wrong PIN')
    const { name, role, active } = person as PersonState
    const record = { id, name, role, active }
    ctx.signIn(record, badge !== undefined)
    return record
  },
  'session.signOut': async (_p, ctx) => {
    ctx.signOut()
    return {}
  },
  'session.whoami': async (_p, ctx) => ctx.person,

  'people.list': (_p, { node }) => node.reader.people(),
  'people.add': async ({ pin, ...rest }, ctx) => submit(ctx, [{ type: 'people.add', payload: { ...rest, pinHash: await hashPin(pin) } }]),
  'people.setPin': async ({ id, pin }, ctx) => {
    if (ctx.person !== null && ctx.person.id !== id && ctx.person.role !== 'admin') {
      throw new OutpostError('E_FORBIDDEN', 'only the person or an admin may change a PIN')
    }
    return submit(ctx, [{ type: 'people.setPin', payload: { id, pinHash: await hashPin(pin) } }])
  },
  'site.setNumberStyle': (params, ctx) => submit(ctx, [{ type: 'site.setNumberStyle', payload: params }]),
  'people.issueBadge': async ({ id }, ctx) => {
    const { code, hash } = newBadge(id)
    const { ids } = await submit(ctx, [{ type: 'people.setBadge', payload: { id, badgeHash: hash } }])
    return { badge: code, ids }
  },
  'people.setRole': (params, ctx) => submit(ctx, [{ type: 'people.setRole', payload: params }]),
  'people.remove': (params, ctx) => submit(ctx, [{ type: 'people.remove', payload: params }]),

  'mesh.nodes': (_p, { node }) => node.reader.writers(),

  'notes.post': (params, ctx) => submit(ctx, [{ type: 'notes.post', payload: params }]),
  'notes.archive': (params, ctx) => submit(ctx, [{ type: 'notes.archive', payload: params }]),
  'notes.list': (params, { node }) => node.reader.notes(params),

  'ops.submit': ({ ops, request }, ctx) => submit(ctx, ops, request),

  'audit.list': (params, { node }) => auditWithUnaccepted(node, params),
  'system.verify': (_p, { node }) => verifyView(node),
  'scan.resolve': async ({ code }, { node }) => {
    // labels first (product, location, roll: one read of the code index), then badges and nodes
    const entry = await node.stock.code(code.trim())
    if (entry?.kind === 'product') {
      const product = await node.stock.product(entry.key)
      if (product !== null) return { kind: 'product', code, product }
    }
    if (entry?.kind === 'location') {
      const location = await node.stock.location(entry.key)
      if (location !== null) return { kind: 'location', code, location }
    }
    if (entry?.kind === 'roll') {
      const roll = await node.stock.roll(entry.key)
      const product = roll === null ? null : await node.stock.product(roll.sku)
      if (roll !== null && product !== null) return { kind: 'roll', code, roll, product }
    }
    return node.reader.resolveScan(code)
  },

  'mesh.pairCode': async (_p, ctx) => pairingOf(ctx).createCode(),
  'mesh.pairRequests': async (_p, ctx) => pairingOf(ctx).requests(),
  'mesh.pairAccept': async ({ id }, ctx) => {
    requireSecondFactor(ctx, 'letting a node join')
    return { writerKey: await pairingOf(ctx).accept(id, ctx.person?.id ?? '@system') }
  },
  'mesh.pairDeny': async ({ id }, ctx) => {
    pairingOf(ctx).deny(id)
    return {}
  },
  'mesh.peers': async (_p, { mesh }) => mesh?.peers() ?? [],
  'mesh.removeNode': async ({ node }, ctx) => {
    requireSecondFactor(ctx, 'mesh.removeNode')
    const writer = await findWriter(ctx, node)
    if (writer.key === ctx.node.nodeKey) throw new OutpostError('E_FORBIDDEN', 'a node cannot remove itself: remove it from another node')
    return submit(ctx, [{ type: 'mesh.removeNode', payload: { key: writer.key } }])
  },

  ...PRINT_METHOD_IMPLEMENTATIONS,
  ...STOCK_METHOD_IMPLEMENTATIONS,
  ...ORDER_METHOD_IMPLEMENTATIONS,
  'view.subscribe': async (_p, ctx) => {
    ctx.subscribe()
    const meta = await ctx.node.reader.meta()
    return { seq: meta.seq, hash: meta.hash }
  },
}
