import { lanAddress } from './lan-address.js'
import Hyperswarm from 'hyperswarm'
import type Hypercore from 'hypercore'
import type { PeerRecord, Removal, Status, WriterRecord } from '../../protocol/index.js'
import type { NetworkConfig } from '../config.js'
import type { Logger } from '../logger.js'
import type { OutpostNode } from '../node.js'
import type { NetworkReport } from '../status-board.js'
import { startDht, type DhtPair } from './dht.js'
import { attachHeartbeat, type Beat, type HeartbeatChannel, type PeerVersion } from './heartbeat.js'
import { correlationId } from '../logger.js'
import { VERSIONS } from '../versions.js'
import { KnownPeers } from './known-peers.js'
import { LanAnnouncer } from './lan.js'
import { PairingHost } from './pairing-host.js'
import { listenForRemovalNotice, sendRemovalNotice } from './removal-notice.js'

export interface MeshOptions {
  node: OutpostNode
  config: NetworkConfig
  dataDir: string
  logger: Logger
  codeTtlMs?: number
  siteInfo: () => Promise<{ siteName: string; encryptionKey: string | null }>
}

interface Link {
  conn: Hyperswarm.Connection
  heartbeat: HeartbeatChannel | null
  lastSeen: number
  theirLength: number
  /** The peer's Outpost and protocol versions, from its heartbeat (null: an older peer that does not say). */
  version: PeerVersion | null
}

/**
 * The node on the network. Only the site's current writers are let in: a member's connection
 * replicates; a stranger's is heard only as a pairing request while a code is live, and otherwise
 * closed before any data flows; a removed node is told it was removed (and nothing else), then closed.
 */
export class Mesh implements NetworkReport {
  private dht: DhtPair | null = null
  private lan: LanAnnouncer | null = null
  private swarm: Hyperswarm | null = null
  pairing: PairingHost | null = null
  private known: KnownPeers | null = null
  /** Current writers other than this node, by network key. */
  private members = new Map<string, WriterRecord>()
  /** Removed writers by network key: refused, and told so (see removal-notice.ts). */
  private readonly removed = new Map<string, WriterRecord>()
  /** This node was removed from the site: it stops networking with it. */
  private leftSite = false
  private readonly links = new Map<string, Link>()
  private readonly cores = new Map<string, Hypercore>()
  private timers: NodeJS.Timeout[] = []
  private syncing = false
  private resync = false
  /**
   * Every fold emits an update, thousands in a merge: read the writers once at a time, and once
   * more if folds came in meanwhile, instead of once per fold.
   */
  private readonly onUpdate = () => {
    if (this.syncing) {
      this.resync = true
      return
    }
    this.syncing = true
    void (async () => {
      do {
        this.resync = false
        await this.syncMembers()
      } while (this.resync)
    })()
      .catch((err: unknown) => this.opts.logger.error({ err }, 'reading the writers failed'))
      .finally(() => (this.syncing = false))
  }

  /** When `open` began: the debug log times the mesh's steps and links from it. */
  private openedAt = 0

  constructor(private readonly opts: MeshOptions) {}

  async open(): Promise<void> {
    const { node, config, logger } = this.opts
    this.openedAt = performance.now()
    const step = (what: string) => logger.debug({ ms: Math.round(performance.now() - this.openedAt) }, `mesh: ${what}`)
    this.known = await KnownPeers.load(this.opts.dataDir, (err) => logger.error({ err }, 'saving peers.json failed'))
    this.dht = await startDht(config, node.swarmKeyPair, this.known.addresses())
    const bound = this.dht.siteNode.address().port
    // the DHT takes another port when the configured one is busy: say so, others must use the new one
    if (config.port !== 0 && bound !== config.port)
      logger.warn({ wanted: config.port, port: bound }, `UDP port ${config.port} is in use: this node listens on ${bound} instead`)
    logger.debug({ bootstrap: [...config.bootstrap, ...this.known.addresses()] }, 'mesh: bootstrap list')
    step('dht bootstrapped')
    // No firewall: a removed node is let through the handshake only to be told it was removed
    // (onConnection); nothing of the site replicates to it. Firewalled, it was refused before a
    // byte and never learned why, and kept acknowledging work the site would never accept.
    const swarm = new Hyperswarm({ dht: this.dht.swarmDht, keyPair: node.swarmKeyPair })
    this.swarm = swarm
    this.pairing = new PairingHost({ node, swarm, logger, codeTtlMs: this.opts.codeTtlMs ?? 5 * 60_000, siteInfo: this.opts.siteInfo })
    swarm.on('connection', (conn: Hyperswarm.Connection) => this.onConnection(conn))
    await this.syncMembers()
    if (node.localRemoval !== null) this.leaveSite()
    step('members read')
    node.on('update', this.onUpdate)
    if (!this.leftSite) for (const key of this.known.peers.keys()) if (!this.removed.has(key)) swarm.joinPeer(Buffer.from(key, 'hex'))
    const site = swarm.join(node.base.discoveryKey, { server: true, client: true })
    // Hyperswarm looks a topic up (and announces) again only every 10-12 minutes by itself. While
    // peers are missing, do it every second; a node with no connection at all does it every 5 s,
    // so that it can be found even if its first announcement went out before the DHT was ready.
    let ticks = 0
    this.timers.push(
      setInterval(() => {
        ticks++
        if (this.leftSite) return
        const missing = this.onlineCount() < this.members.size
        const alone = this.links.size === 0 && ticks % 5 === 0
        if (missing || alone) site.refresh().catch((err: unknown) => logger.debug({ err }, 'site refresh failed'))
      }, 1000),
    )
    this.timers.push(setInterval(() => this.beat(), config.heartbeatMs))
    if (config.lan) {
      this.lan = new LanAnnouncer({
        port: this.dht.siteNode.address().port,
        logger,
        found: (address) => {
          this.dht?.addNode(address)
          site.refresh().catch((err: unknown) => logger.debug({ err }, 'site refresh failed'))
        },
      })
      this.lan.start()
    }
    node.board.reportNetwork(this)
  }

  private async syncMembers(): Promise<void> {
    const writers = await this.opts.node.read.mesh.writers()
    const self = this.opts.node.nodeKey
    const members = new Map<string, WriterRecord>()
    const newlyRemoved: string[] = []
    for (const w of writers) {
      if (w.key === self && w.removed) this.leaveSite()
      if (w.removed && !this.removed.has(w.swarmKey)) newlyRemoved.push(w.swarmKey)
      if (w.removed) this.removed.set(w.swarmKey, w)
      else if (w.key !== self) members.set(w.swarmKey, w)
    }
    if (!this.leftSite) for (const key of members.keys()) if (!this.members.has(key)) this.swarm?.joinPeer(Buffer.from(key, 'hex'))
    this.members = members
    for (const key of newlyRemoved) {
      this.links.get(key)?.conn.destroy()
      this.known?.forget(key)
      this.swarm?.leavePeer(Buffer.from(key, 'hex'))
    }
  }

  private onConnection(conn: Hyperswarm.Connection): void {
    const key = conn.remotePublicKey.toString('hex')
    conn.on('error', (err: Error) => this.opts.logger.debug({ err, peer: key.slice(0, 12) }, 'peer connection error'))
    // Members are the view's current writers, and the nodes this one paired through (peers.json):
    // a node that just joined knows its inviter before its view holds a single writer.
    if (this.leftSite) {
      conn.destroy() // a removed node has nothing more to say to the site
      return
    }
    const removed = this.removed.get(key)
    if (removed !== undefined) return this.tellRemoved(conn, removed)
    const member = this.members.get(key)
    const known = this.known?.peers.get(key)
    if (member !== undefined || (known !== undefined && !this.removed.has(key))) {
      return this.startLink(conn, key, member?.key ?? known?.writerKey ?? null, member?.name ?? known?.name ?? '')
    }
    if (!this.removed.has(key) && this.pairing?.accepts() === true) {
      this.pairing.handle(conn).catch((err: unknown) => this.opts.logger.error({ err }, 'pairing failed'))
      return
    }
    this.opts.logger.info({ peer: key.slice(0, 12) }, 'refused a connection from a node that is not a writer of this site')
    conn.destroy()
  }

  /**
   * Tell a removed node it was removed, and close: the notice is all it gets (no replication).
   * The connection closes when it has the notice (it closes), or after a few seconds.
   */
  private tellRemoved(conn: Hyperswarm.Connection, writer: WriterRecord): void {
    this.opts.logger.info({ peer: writer.swarmKey.slice(0, 12) }, 'refused a removed node, and told it so')
    const timer = setTimeout(() => conn.destroy(), 5000)
    conn.once('close', () => clearTimeout(timer))
    void this.opts.node.read.system.foldedBlocks(writer.key).then(
      (accepted) => sendRemovalNotice(conn, { by: writer.removedBy ?? 'a manager', at: writer.removedAt ?? 0, accepted }),
      (err: unknown) => {
        this.opts.logger.error({ err }, 'reading what the site accepted of a removed node failed')
        conn.destroy()
      },
    )
  }

  private onRemovalNotice(key: string, notice: Removal): void {
    // only a current writer of this node's view is believed (it could remove this node anyway);
    // a peer known from pairing alone, or a node this view knows was removed, is not
    if (this.leftSite || !this.members.has(key)) return
    this.opts.logger.warn({ peer: key.slice(0, 12) }, 'a peer of the site says this node was removed from it')
    this.leaveSite()
    this.opts.node.recordRemoval(notice).catch((err: unknown) => this.opts.logger.error({ err }, 'recording the removal failed'))
  }

  private leaveSite(): void {
    if (this.leftSite) return
    this.leftSite = true
    for (const link of this.links.values()) link.conn.destroy()
    for (const k of this.members.keys()) this.swarm?.leavePeer(Buffer.from(k, 'hex'))
  }

  private startLink(conn: Hyperswarm.Connection, key: string, writerKey: string | null, name: string): void {
    // one correlation id per peer session, on the lines of its beginning and end (daemon/logger.ts)
    const session = correlationId('p-')
    this.opts.logger.info(
      { session, peer: key.slice(0, 12), name, ms: Math.round(performance.now() - this.openedAt) },
      'peer session began',
    )
    listenForRemovalNotice(conn, (notice) => this.onRemovalNotice(key, notice))
    this.opts.node.base.replicate(conn)
    const link: Link = { conn, heartbeat: null, lastSeen: Date.now(), theirLength: 0, version: null }
    link.heartbeat = attachHeartbeat(conn, (beat) => this.onBeat(key, beat))
    this.links.set(key, link)
    conn.once('close', () => {
      this.opts.logger.info({ session, peer: key.slice(0, 12) }, 'peer session ended')
      if (this.links.get(key) === link) this.links.delete(key)
    })
    link.heartbeat?.send(this.ownBeat())
    this.known?.remember(key, { writerKey, name, lastSeen: Date.now() })
  }

  private onBeat(key: string, beat: Beat): void {
    const link = this.links.get(key)
    if (link === undefined) return
    link.lastSeen = Date.now()
    link.theirLength = beat.writerLength
    if (beat.version !== undefined && (link.version?.outpost !== beat.version.outpost || link.version.protocol !== beat.version.protocol)) {
      link.version = beat.version
      if (beat.version.protocol !== VERSIONS.protocol || beat.version.outpost !== VERSIONS.outpost) {
        this.opts.logger.warn({ peer: key.slice(0, 12), theirs: beat.version, ours: VERSIONS }, 'a peer runs another version of Outpost')
      }
    }
    const member = this.members.get(key)
    this.known?.remember(key, { writerKey: member?.key, name: member?.name ?? beat.name, siteNode: beat.siteNode, lastSeen: link.lastSeen })
  }

  private ownBeat(): Beat {
    return {
      name: '',
      writerLength: this.opts.node.base.local.length,
      siteNode: this.siteNodeAddress(),
      version: { outpost: VERSIONS.outpost, protocol: VERSIONS.protocol },
    }
  }

  private beat(): void {
    const beat = this.ownBeat()
    for (const link of this.links.values()) link.heartbeat?.send(beat)
  }

  private siteNodeAddress(): string | null {
    if (this.dht === null) return null
    const { port } = this.dht.siteNode.address()
    // bound to every interface: the address others reach, not 0.0.0.0 (loopback only where there is no LAN)
    const host = this.opts.config.host === '0.0.0.0' ? (lanAddress() ?? '127.0.0.1') : this.opts.config.host
    return `${host}:${port}`
  }

  private online(link: Link | undefined): link is Link {
    return link !== undefined && Date.now() - link.lastSeen < this.opts.config.offlineMs
  }

  private onlineCount(): number {
    let n = 0
    for (const key of this.members.keys()) if (this.online(this.links.get(key))) n++
    return n
  }

  /** How much of a writer's log this node holds: compared with what the writer says it has. */
  private async heldLength(writerKey: string): Promise<number> {
    let core = this.cores.get(writerKey)
    if (core === undefined) {
      core = this.opts.node.store.get({ key: Buffer.from(writerKey, 'hex') })
      await core.ready()
      this.cores.set(writerKey, core)
    }
    return core.length
  }

  async peers(): Promise<PeerRecord[]> {
    const out: PeerRecord[] = []
    for (const [key, member] of this.members) {
      const link = this.links.get(key)
      const known = this.known?.peers.get(key)
      const held = await this.heldLength(member.key)
      out.push({
        key: member.key,
        name: member.name,
        online: this.online(link),
        lastSeen: link?.lastSeen ?? known?.lastSeen ?? null,
        address: link === undefined ? (known?.siteNode ?? null) : `${link.conn.rawStream.remoteHost}:${link.conn.rawStream.remotePort}`,
        behind: Math.max(0, (link?.theirLength ?? 0) - held),
        version: link?.version ?? null,
      })
    }
    return out
  }

  info(): Status['network'] {
    return {
      address: this.siteNodeAddress(),
      swarmKey: this.opts.node.swarmKeyPair.publicKey.toString('hex'),
      bootstrap: [...this.opts.config.bootstrap, ...(this.known?.addresses() ?? [])],
      pairing: this.pairing?.accepts() ?? false,
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t)
    await this.lan?.stop()
    this.opts.node.off('update', this.onUpdate)
    this.opts.node.board.reportNetwork(null)
    this.pairing?.close()
    for (const link of this.links.values()) link.heartbeat?.close()
    await this.swarm?.destroy()
    await this.dht?.close()
    for (const core of this.cores.values()) await core.close()
    await this.known?.save()
  }
}
