import Autobase from 'autobase'
import { openCorestore } from '../storage.js'
import Hyperswarm from 'hyperswarm'
import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { hostname } from 'node:os'
import { OutpostError, PairReply, parsePairingCode, type PairConfirms, type PairRecorded } from '../../protocol/index.js'
import type { ResolvedConfig } from '../config.js'
import type { Logger } from '../logger.js'
import { removeNewWriterFile, readNewWriterFile } from '../backup/new-writer.js'
import { swarmKeyName } from '../identity.js'
import { prepareDataDir } from '../data-dir.js'
import { recordSite } from '../site-file.js'
import { startDht } from './dht.js'
import { KnownPeers } from './known-peers.js'
import { clearJoining, joiningPath, markJoining } from './joining-file.js'
import { LanAnnouncer } from './lan.js'
import { CONFIRM_MS } from './pairing-host.js'
import { LineWire, pairingProof, pairingTopic } from './pairing-wire.js'

export interface JoinOptions {
  config: ResolvedConfig
  code: string
  /** The inviting node's DHT node, host:port: joins with no other DHT at all. */
  direct?: string | undefined
  /**
   * What the site calls this node; omitted, the host name and four characters of the node's key
   * (seen, issue #21: two machines both called "vm" could not be told apart in Peers).
   */
  name?: string | undefined
  logger: Logger
  /** Told what the join is doing while it waits (looking on the LAN, for the inviting node, ...): a silent minute looks hung. */
  onProgress?: (text: string) => void
  /** How long to wait for a person to accept (default 5 minutes). */
  timeoutMs?: number
  /** How long to look for the inviting node (default 60 s). */
  findTimeoutMs?: number
  /** Called once the inviting node has checked the code and asks its person. */
  onPending?: (id: string) => void
  /** Stops the join where it waits (a person's Ctrl-C): it ends as a failed join does, and cleans up the same way. */
  signal?: AbortSignal
}

/**
 * Join a site from a fresh data dir (no daemon running): find the inviting node by the code's
 * topic, prove the code, wait for a person there to accept, and record the site. Afterwards
 * `outpost daemon` starts the node, which replicates the site and becomes a writer.
 */
export async function joinSite(opts: JoinOptions): Promise<{ site: string; siteName: string }> {
  const code = parsePairingCode(opts.code)
  const { config } = opts
  if (existsSync(config.siteFile)) {
    throw new OutpostError('E_USAGE', `${config.dataDir} already belongs to a site: join with a fresh --data-dir`)
  }
  if (!config.network.enabled)
    throw new OutpostError('E_USAGE', 'pair join needs the network: it is off (--no-network, or network.enabled in config.json)')
  const { bootstrap, lan, publicDht } = config.network
  if (opts.direct === undefined && bootstrap.length === 0 && !lan && !publicDht) {
    // it would look for a minute with no one to ask
    throw new OutpostError(
      'E_USAGE',
      'nowhere to look for the inviting node: give its address (host:port, shown with its pair code: --direct, or the Address field), a site bootstrap or LAN announcement (--bootstrap, --lan, or network in config.json)',
    )
  }
  const madeDir = !existsSync(config.dataDir)
  const madeStore = !existsSync(config.storageDir)
  try {
    return await join(opts, code)
  } catch (err) {
    // A join that ends before the inviting node could take this node (nobody had the code, it was
    // refused, Ctrl-C) leaves nothing it made: a data dir left behind, empty of a site, looked
    // like a node. One marked joining stays: the inviting node may have accepted it (joining-file.ts).
    if (!existsSync(joiningPath(config.dataDir))) {
      if (madeDir) await rm(config.dataDir, { recursive: true, force: true })
      else if (madeStore) await rm(config.storageDir, { recursive: true, force: true })
    }
    throw err
  }
}

/** Rejects when the signal fires; marked handled, so a stop after the join ended is no crash. */
function whenStopped(signal: AbortSignal | undefined): Promise<never> {
  const stopped = new Promise<never>((_, reject) => {
    if (signal === undefined) return
    if (signal.aborted) reject(signal.reason as Error)
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true })
  })
  stopped.catch(() => {})
  return stopped
}

async function join(opts: JoinOptions, code: string): Promise<{ site: string; siteName: string }> {
  const { config } = opts
  const stopped = whenStopped(opts.signal)
  await prepareDataDir(config.dataDir, opts.logger)
  // a data dir restored as a new writer (outpost restore --as-new-writer) asks to replace the node of its backup
  const restored = await readNewWriterFile(config.dataDir)
  const store = openCorestore(config.storageDir)
  const writerKey = restored?.writerKey ?? (await Autobase.getLocalKey(store)).toString('hex')
  const keyPair = await store.createKeyPair(swarmKeyName(restored?.identity))
  // Where to start looking: --direct, else the configured bootstrap, else (LAN announcement on) the
  // first site node that answers on the LAN. Starting the DHT from it is what --direct does, which
  // works; adding a node to a DHT that started with nothing to bootstrap from did not (measured).
  const name = opts.name ?? `${hostname()}-${writerKey.slice(0, 4)}`
  const findMs = opts.findTimeoutMs ?? 60_000
  const progress = opts.onProgress ?? (() => {})
  let entry = opts.direct ?? null
  if (entry === null && config.network.bootstrap.length === 0 && config.network.lan) {
    progress(`looking for a site node on the LAN (up to ${Math.round(findMs / 1000)} s)`)
    entry = await findOnLan(opts.logger, findMs, stopped)
  }
  const network = { ...config.network, bootstrap: entry !== null ? [entry] : config.network.bootstrap }
  // The same two DHT nodes, on the same ports, as the daemon this data dir will run: an ephemeral
  // lookup-only node does not find a lone inviting node (measured), and nodes on other ports would
  // leave dead entries in the DHT that cost the daemon's start ~12 s of time-outs.
  const dht = await startDht(network, keyPair)
  const swarm = new Hyperswarm({ dht: dht.swarmDht, keyPair })

  const timeoutMs = opts.timeoutMs ?? 5 * 60_000
  try {
    const where =
      entry !== null ? ` through ${entry}` : config.network.bootstrap.length > 0 ? ` through ${config.network.bootstrap.join(', ')}` : ''
    const started = Date.now()
    progress(`looking for the node that shows ${code}${where}: 0 s of ${Math.round(findMs / 1000)} s`)
    const ticking = setInterval(
      () =>
        progress(
          `looking for the node that shows ${code}${where}: ${Math.round((Date.now() - started) / 1000)} s of ${Math.round(findMs / 1000)} s`,
        ),
      5000,
    )
    const conn = await new Promise<Hyperswarm.Connection>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new OutpostError('E_NOT_FOUND', 'no node with this pairing code was found (is it still valid, and the network reachable?)'),
          ),
        findMs,
      )
      swarm.once('connection', (c: Hyperswarm.Connection) => {
        clearTimeout(timer)
        clearInterval(refresh)
        resolve(c)
      })
      const discovery = swarm.join(pairingTopic(code), { server: false, client: true })
      const refresh = setInterval(() => {
        // a failed lookup is retried on the next tick; the overall timer bounds the wait
        discovery.refresh().catch((err: unknown) => opts.logger.debug({ err }, 'pairing lookup failed'))
      }, 1000)
      stopped.catch((err: Error) => {
        clearTimeout(timer)
        clearInterval(refresh)
        reject(err)
      })
    }).finally(() => clearInterval(ticking))
    progress('found the inviting node: it checks the code')
    conn.on('error', (err: Error) => opts.logger.debug({ err }, 'pairing connection error'))
    const wire = new LineWire(conn)
    const swarmKey = keyPair.publicKey.toString('hex')
    // from here the inviting node may accept this node, whatever becomes of this process
    await markJoining(config.dataDir, writerKey)
    wire.send({
      type: 'pair.request',
      v: 1,
      name,
      writerKey,
      swarmKey,
      proof: pairingProof(code, conn.remotePublicKey, writerKey, swarmKey),
      ...(restored === null ? {} : { replaces: restored.replaces }),
    })
    wire.send({ type: 'pair.confirms' } satisfies PairConfirms)
    for (;;) {
      const reply = PairReply.safeParse(
        await Promise.race([
          wire.next(timeoutMs).catch((err: Error) => {
            throw new OutpostError('E_NO_DAEMON', `the inviting node did not answer: ${err.message}`)
          }),
          stopped,
        ]),
      )
      if (!reply.success) throw new OutpostError('E_INTERNAL', 'the inviting node sent something that is not a pairing answer')
      if (reply.data.type === 'pair.pending') {
        opts.onPending?.(reply.data.id)
        continue
      }
      if (reply.data.type === 'pair.refused') {
        await clearJoining(config.dataDir) // refused: the site will not take this node, the dir is free again
        throw new OutpostError('E_FORBIDDEN', `pairing refused: ${reply.data.reason}`)
      }
      // the key goes where this node's config keeps it (site.json or the key file), never in the store
      const key = reply.data.encryptionKey === null ? null : Buffer.from(reply.data.encryptionKey, 'hex')
      if (restored !== null && reply.data.site !== restored.site)
        throw new OutpostError('E_FORBIDDEN', `the inviting node is of another site than the backup restored in ${config.dataDir}`)
      await recordSite(config, { site: reply.data.site, founded: true, key, identity: restored?.identity }, opts.logger)
      await removeNewWriterFile(config.dataDir)
      const known = await KnownPeers.load(config.dataDir, (err) => opts.logger.error({ err }, 'saving peers.json failed'))
      known.remember(conn.remotePublicKey.toString('hex'), { name: 'inviting node', siteNode: entry })
      await known.save()
      // the inviting node (of this version) adds this node once it hears this
      wire.send({ type: 'pair.recorded' } satisfies PairRecorded)
      await clearJoining(config.dataDir)
      // and then closes the link: wait for that (bounded), so that closing here loses nothing unsent
      await wire.next(CONFIRM_MS).catch(() => undefined)
      wire.close()
      return { site: reply.data.site, siteName: reply.data.siteName }
    }
  } finally {
    await swarm.destroy()
    await dht.close()
    await store.close()
  }
}

/** The first Outpost site node that answers on the LAN, host:port. */
async function findOnLan(logger: Logger, timeoutMs: number, stopped: Promise<never>): Promise<string> {
  let lan: LanAnnouncer | null = null
  try {
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new OutpostError('E_NOT_FOUND', 'no Outpost node answered on the LAN (is LAN announcement on there?)')),
        timeoutMs,
      )
      lan = new LanAnnouncer({
        port: null,
        logger,
        found: (address) => {
          clearTimeout(timer)
          resolve(address)
        },
      })
      lan.start()
      stopped.catch((err: Error) => {
        clearTimeout(timer)
        reject(err)
      })
    })
  } finally {
    await (lan as LanAnnouncer | null)?.stop()
  }
}
