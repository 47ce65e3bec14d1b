import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import Hyperswarm from 'hyperswarm'
import { z } from 'zod'
import { HexKey } from '../../protocol/index.js'
import type { ResolvedConfig } from '../config.js'
import { writeJsonFile } from '../json-file.js'
import type { Logger } from '../logger.js'
import { startDht } from '../net/dht.js'
import { KnownPeers, otherWriters } from '../net/known-peers.js'
import { swarmKeyName } from '../identity.js'
import { readSiteFile } from '../site-file.js'
import { openCorestore } from '../storage.js'
import { ReclaimSocket } from './reclaim-socket.js'

/**
 * `<data dir>/reclaim.json`: this data dir was restored from a backup on the machine whose node
 * it was (after a disk loss), and the node has not yet taken back from its peers what of its own
 * log they hold beyond the backup. While it is there the node does not open.
 */
const ReclaimFile = z.object({ node: HexKey, site: HexKey, backupLength: z.number().int().nonnegative() }).strict()
export type ReclaimFile = z.infer<typeof ReclaimFile>

export const reclaimPath = (dataDir: string) => join(dataDir, 'reclaim.json')

export async function writeReclaimFile(dataDir: string, value: ReclaimFile): Promise<void> {
  await writeJsonFile(reclaimPath(dataDir), value)
}

async function readReclaimFile(dataDir: string): Promise<ReclaimFile | null> {
  let text: string
  try {
    text = await readFile(reclaimPath(dataDir), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  return ReclaimFile.parse(JSON.parse(text))
}

/**
 * What a restored node says when its backup named no peer: it waits for any peer of the site to
 * say how much of its log it holds, which on a site of one node never comes.
 */
export const NO_PEER_KNOWN = 'the backup names no peer of this node; if it had none (a site of one node), nothing will answer'

/** How often the peers' word on this node's log is looked at, and how often the wait is logged. */
const LOOK_MS = 200
const SAY_MS = 10_000

/**
 * A node restored from a backup holds its own log only up to the backup, and its peers may hold
 * more of it: blocks it appended after the backup, signed with its key. Appending now would put
 * a second, different block at the place of the first of those, a fork of its log that every
 * peer refuses for good. So before the node opens (before Autobase opens at all: an indexer
 * acknowledges by appending to its log by itself, with no write from anyone), this takes the
 * missing blocks back: it goes on the network with the node's own keys, replicates only its own
 * log, and waits until every peer it knew (peers.json, from the backup) has said how much of that
 * log it holds, and it holds as much itself. Then reclaim.json goes and the node opens on the
 * whole log, its Autobase reading it fresh from the store (an Autobase opened on the backup's
 * state would have appended on stale heads; seen in an earlier attempt: its next block was never
 * folded by the peers).
 *
 * `outpost restore --no-peer-holds-more` writes no reclaim.json: the operator's word that no
 * peer holds more (a single node, or every peer lost with it).
 */
export async function reclaimOwnLog(config: ResolvedConfig, logger: Logger, announce: (line: string) => void): Promise<void> {
  const reclaim = await readReclaimFile(config.dataDir)
  if (reclaim === null) return
  if (!config.network.enabled)
    throw new Error(
      `${reclaimPath(config.dataDir)}: this node was restored from a backup and must take its own log back from its peers, but networking is off`,
    )
  const known = await KnownPeers.load(config.dataDir, (err) => logger.error({ err }, 'reading peers.json failed'))
  const awaited = otherWriters(known.peers, reclaim.node)
  const store = openCorestore(config.storageDir)
  const keyPair = await store.createKeyPair(swarmKeyName((await readSiteFile(config.siteFile))?.identity))
  // by its key, not by the name 'local': a node restored as a new writer once writes to a rotated core
  const local = store.get({ key: Buffer.from(reclaim.node, 'hex') })
  const site = store.get({ key: Buffer.from(reclaim.site, 'hex'), active: false })
  await local.ready()
  await site.ready()
  if (!local.writable) throw new Error(`${reclaimPath(config.dataDir)} names another node than this store's`)
  const dht = await startDht(config.network, keyPair, known.addresses())
  const swarm = new Hyperswarm({ dht: dht.swarmDht, keyPair })
  swarm.on('connection', (conn: Hyperswarm.Connection) => {
    conn.on('error', (err: Error) => logger.debug({ err }, 'reclaim: connection error'))
    store.replicate(conn)
  })
  for (const key of awaited.keys()) swarm.joinPeer(Buffer.from(key, 'hex'))
  swarm.join(site.discoveryKey, { server: true, client: true })
  const heard = new Map<string, number>()
  const names = (keys: Iterable<string>) => [...keys].map((k) => awaited.get(k)?.name || k.slice(0, 12)).join(', ')
  announce(
    `restored from a backup: taking back this node's own log from its peers before it opens (${reclaim.backupLength} blocks in the backup; waiting for ${names(awaited.keys()) || 'any peer'})`,
  )
  let said = Date.now()
  const reason = (missing: string[]) =>
    `this node was restored from a backup and first takes back from its peers what of its own log they hold (waiting for ${names(missing) || 'any peer'}): it opens, and takes writes, once it has` +
    (awaited.size === 0 ? `; ${NO_PEER_KNOWN}: stop it, delete ${reclaimPath(config.dataDir)} and start it again` : '')
  const refusing = new ReclaimSocket(config.socketPath, reason([...awaited.keys()]))
  try {
    await refusing.listen()
    for (;;) {
      for (const peer of local.peers) {
        if (!peer.remoteSynced) continue
        const key = peer.remotePublicKey.toString('hex')
        heard.set(key, Math.max(heard.get(key) ?? 0, peer.remoteLength))
      }
      const target = Math.max(reclaim.backupLength, ...heard.values())
      if (target > local.length) await local.update({ force: true, wait: true })
      if (local.length > 0 && !(await local.has(0, local.length))) await local.download({ start: 0, end: local.length }).done()
      const missing = [...awaited.keys()].filter((k) => !heard.has(k))
      const waitingForAny = awaited.size === 0 && heard.size === 0
      refusing.reason = reason(missing)
      // looked at again: replication may have moved the length past what was downloaded
      if (missing.length === 0 && !waitingForAny && local.length >= target && (await local.has(0, local.length))) break
      if (Date.now() - said > SAY_MS) {
        said = Date.now()
        logger.warn(
          { missing: missing.map((k) => k.slice(0, 12)), length: local.length, target },
          `restored node: still waiting for ${names(missing) || 'any peer'} to say how much of this node's log it holds`,
        )
      }
      await new Promise((resolve) => setTimeout(resolve, LOOK_MS))
    }
  } finally {
    await refusing.close()
    await swarm.destroy()
    await dht.close()
    await local.close()
    await site.close()
    await store.close()
  }
  await rm(reclaimPath(config.dataDir))
  const line = `took back this node's own log: ${local.length} blocks (${local.length - reclaim.backupLength} beyond the backup)`
  logger.info({ length: local.length, backup: reclaim.backupLength }, line)
  announce(line)
}
