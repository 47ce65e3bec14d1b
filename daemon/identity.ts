import { randomBytes } from 'node:crypto'

/**
 * The names under which a node keeps its own keys in its store. A node restored from a backup as
 * a new writer (`outpost restore --as-new-writer`, daemon/backup/new-writer.ts) holds the store
 * of the node it replaces, whose secret keys are kept with their cores: to be another node it
 * names its swarm key pair and its attachments core with an identity of its own (in site.json),
 * and Autobase rotates its writer core to a new key pair. A node that never was restored that
 * way has no identity and keeps the first names, so existing data dirs open as before.
 */
export { NodeIdentity as Identity } from '../protocol/index.js'

/** The name of the swarm key pair in the Corestore (see Corestore.createKeyPair). */
export const SWARM_KEY_PAIR = 'outpost-swarm'

export function swarmKeyName(identity?: string | null): string {
  return identity ? `${SWARM_KEY_PAIR}/${identity}` : SWARM_KEY_PAIR
}

export function attachmentsCoreName(identity?: string | null): string {
  return identity ? `attachments/${identity}` : 'attachments'
}

export function newIdentity(): string {
  return randomBytes(8).toString('hex')
}
