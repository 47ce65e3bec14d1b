import HyperDHT from 'hyperdht'
import type { NetworkConfig } from '../config.js'
import { parseHostPort } from '../config.js'
import type { KeyPair } from '../node.js'

export interface DhtPair {
  /** The node's site bootstrap: a DHT node on the fixed port that other nodes bootstrap from. */
  siteNode: HyperDHT
  /** The DHT the swarm announces on and connects through. */
  swarmDht: HyperDHT
  close(): Promise<void>
  /** A site node found later (on the LAN): both DHT nodes learn it, as if it were a bootstrap. */
  addNode(address: string): void
}

/**
 * Request time-outs from each address's measured round trip (dht-rpc's adaptive time-out; at
 * least 100 ms), instead of a fixed second per try. When a node restarts, a peer may still be
 * trying to reach its old instance, and when that peer's key wins Hyperswarm's tie-break, the
 * restarted node's own connection is dropped as a duplicate until the peer's next retry gets
 * through: measured on loopback, 0.4-0.8 s after "ready" in 3 of 4 restarts of one site with
 * fixed time-outs, and under 0.1 s in 16 of 16 with these (whichever key wins).
 */
const ADAPTIVE_TIMEOUT = { min: 100, jitter: 50 }

/**
 * `--port 0` is any free port: HyperDHT reads a port of 0 as "none given" and tries 49737-49742
 * first (its constructor's `opts.port || 49737`), so a demo or a test daemon took the site's usual
 * port when it was free. dht-rpc takes a range, and [0, 0] is the OS's choice.
 */
const ANY_PORT = [0, 0]

/**
 * Two persistent DHT nodes per daemon. A DHT stores an announcement on other nodes, never on the
 * announcer itself, so two daemons with one node each cannot find each other by topic (measured
 * here: never within 8 s); with two nodes each they find each other on the first refresh (~1 s).
 * `firewalled: false` makes peers connect straight to the announced address instead of trying
 * to hole-punch, which fails on loopback and would send traffic to other addresses.
 * The public HyperDHT bootstrap nodes are added only when the config opts in.
 */
export async function startDht(config: NetworkConfig, keyPair: KeyPair, extraBootstrap: readonly string[] = []): Promise<DhtPair> {
  // Nothing here waits for the DHT to bootstrap: a node works without a network, and a bootstrap
  // walk that meets an address no longer answering (a node that restarted, a stale entry) waits
  // ~12 s for time-outs. Hyperswarm waits for the DHT itself before it announces or connects.
  const configured = [...new Set([...config.bootstrap, ...extraBootstrap])].map(parseHostPort)
  const publicNodes = config.publicDht ? HyperDHT.BOOTSTRAP : []
  const siteNode = new HyperDHT({
    bootstrap: [...configured, ...publicNodes],
    port: config.port === 0 ? ANY_PORT : config.port,
    host: config.host,
    firewalled: false,
    ephemeral: false,
    adaptiveTimeout: ADAPTIVE_TIMEOUT,
  })
  // binding the socket is quick and tells the port the swarm DHT bootstraps from
  await siteNode.bind()
  const own = siteNode.address()
  const ownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host
  const swarmDht = new HyperDHT({
    bootstrap: [{ host: ownHost, port: own.port }, ...configured, ...publicNodes],
    // the port after the site node's, so that a restarted node comes back at the same addresses
    // (a DHT remembers addresses; one that stopped answering costs every lookup through it time-outs)
    port: config.port === 0 ? ANY_PORT : config.port + 1,
    host: config.host,
    firewalled: config.publicDht,
    ephemeral: false,
    keyPair,
    adaptiveTimeout: ADAPTIVE_TIMEOUT,
  })
  await swarmDht.bind()
  return {
    siteNode,
    swarmDht,
    close: async () => {
      await swarmDht.destroy()
      await siteNode.destroy()
    },
    addNode: (address) => {
      const node = parseHostPort(address)
      siteNode.addNode(node)
      swarmDht.addNode(node)
    },
  }
}
