import { OutpostError, type MESH_METHODS } from '../../protocol/index.js'
import { requireSecondFactor } from '../people/badge.js'
import type { ImplementationsOf, MethodContext } from './context.js'
import { submit } from './submit.js'

function pairingOf(ctx: MethodContext) {
  const pairing = ctx.mesh?.pairing
  if (pairing === undefined || pairing === null)
    throw new OutpostError('E_USAGE', 'networking is off on this node (network.enabled in config.json)')
  return pairing
}

/** A node named by its writer key, the first 6+ characters of it, or its name. */
async function findWriter(ctx: MethodContext, name: string) {
  const writers = await ctx.node.read.mesh.writers()
  const matches = writers.filter((w) => w.key === name || (name.length >= 6 && w.key.startsWith(name)) || w.name === name)
  if (matches.length === 0) throw new OutpostError('E_NOT_FOUND', `no node ${name} in this site (outpost peers lists them)`)
  if (matches.length > 1) throw new OutpostError('E_USAGE', `${name} names ${matches.length} nodes: give more of the key`)
  return matches[0]!
}

export const MESH_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof MESH_METHODS> = {
  'mesh.nodes': (_p, { node }) => node.read.mesh.writers(),
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
}
