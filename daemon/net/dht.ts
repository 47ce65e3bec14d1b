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
}

/**
 * Two persistent DHT nodes per daemon. A DHT stores an announcement on other nodes, never on the
 * announcer itself, so two daemons with one node each cannot find each other by topic (measured
 * here: never within 8 s); with two nodes each they find each other on the first refresh (~1 s).
 * `firewalled: false` makes peers connect straight to the announced address instead of trying
 * to hole-punch, which fails on loopback and would send traffic to other addresses.
 * The public HyperDHT bootstrap nodes are added only when the config opts in.
 */
export async function startDht(config: NetworkConfig, keyPair: KeyPair, extraBootstrap: readonly string[] = []): Promise<DhtPair> {
  const configured = [...new Set([...config.bootstrap, ...extraBootstrap])].map(parseHostPort)
  const publicNodes = config.publicDht ? HyperDHT.BOOTSTRAP : []
  const siteNode = new HyperDHT({
    bootstrap: [...configured, ...publicNodes],
    port: config.port,
    host: config.host,
    firewalled: false,
    ephemeral: false,
  })
  await siteNode.fullyBootstrapped()
  const own = siteNode.address()
  const ownHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host
  const swarmDht = new HyperDHT({
    bootstrap: [{ host: ownHost, port: own.port }, ...configured, ...publicNodes],
    host: config.host,
    firewalled: config.publicDht,
    ephemeral: false,
    keyPair,
  })
  await swarmDht.fullyBootstrapped()
  return {
    siteNode,
    swarmDht,
    close: async () => {
      await swarmDht.destroy()
      await siteNode.destroy()
    },
  }
}
