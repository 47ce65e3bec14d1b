import HyperDHT from 'hyperdht'
import { randomBytes } from 'node:crypto'
import type { Duplex } from 'node:stream'
import { startDht, type DhtPair } from '../../daemon/net/dht.js'
import { pairingProof } from '../../daemon/net/pairing-wire.js'
import { freeUdpPort } from './daemon-process.js'

/**
 * A node that is not part of the site: it knows where the site's bootstrap is (and maybe a key),
 * and talks to it directly, as an attacker or a misconfigured machine would.
 */
export class Stranger {
  readonly writerKey = randomBytes(32).toString('hex')
  private readonly waiting: Duplex[] = []
  private constructor(
    private readonly nodes: DhtPair,
    readonly keyPair: { publicKey: Buffer; secretKey: Buffer },
  ) {}

  /** Two DHT nodes, like any Outpost node, bootstrapping from the site's node. */
  static async near(siteNode: string): Promise<Stranger> {
    const keyPair = (HyperDHT as unknown as { keyPair(): { publicKey: Buffer; secretKey: Buffer } }).keyPair()
    const network = {
      enabled: true,
      host: '127.0.0.1',
      port: await freeUdpPort(),
      bootstrap: [siteNode],
      publicDht: false,
      heartbeatMs: 1000,
      offlineMs: 3000,
      pairCodeTtlMs: 1000,
      lan: false,
    }
    return new Stranger(await startDht(network, keyPair), keyPair)
  }

  get dht(): HyperDHT {
    return this.nodes.swarmDht
  }

  get swarmKey(): string {
    return this.keyPair.publicKey.toString('hex')
  }

  /** Connect to a node by its network key. */
  connect(swarmKey: string): Promise<Duplex & { remotePublicKey: Buffer }> {
    const dht = this.dht as unknown as { connect(key: Buffer, opts: object): Duplex & { remotePublicKey: Buffer } }
    const conn = dht.connect(Buffer.from(swarmKey, 'hex'), { keyPair: this.keyPair })
    conn.on('error', () => undefined) // a refused link errors; what matters is what the caller reads
    return new Promise((resolve, reject) => {
      conn.once('open', () => resolve(conn))
      conn.once('close', () => reject(new Error('closed before it opened')))
    })
  }

  /** Dial a node by key and count what it sends before the link ends (opened or not). */
  dial(swarmKey: string, say: string): Promise<{ bytes: number; opened: boolean }> {
    const dht = this.dht as unknown as { connect(key: Buffer, opts: object): Duplex }
    const conn = dht.connect(Buffer.from(swarmKey, 'hex'), { keyPair: this.keyPair })
    return new Promise((resolve) => {
      let bytes = 0
      let opened = false
      conn.on('open', () => {
        opened = true
        conn.write(say)
      })
      conn.on('data', (chunk: Buffer) => (bytes += chunk.length))
      conn.on('error', () => undefined)
      conn.on('close', () => resolve({ bytes, opened }))
    })
  }

  /** One pairing request over a fresh connection; resolves with the node's reply, or 'closed'. */
  async requestPairing(
    hostSwarmKey: string,
    code: string | null,
    extra: Record<string, unknown> = {},
  ): Promise<Record<string, unknown> | 'closed'> {
    const conn = await this.connect(hostSwarmKey)
    const proof = code === null ? randomBytes(32).toString('hex') : pairingProof(code, conn.remotePublicKey, this.writerKey, this.swarmKey)
    conn.write(
      JSON.stringify({
        type: 'pair.request',
        v: 1,
        name: 'stranger',
        writerKey: this.writerKey,
        swarmKey: this.swarmKey,
        proof,
        ...extra,
      }) + '\n',
    )
    return new Promise((resolve) => {
      let text = ''
      conn.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8')
        const nl = text.indexOf('\n')
        if (nl !== -1) {
          const reply = JSON.parse(text.slice(0, nl)) as Record<string, unknown>
          resolve(reply)
          // a waiting request stays open, as a joining node waits for the answer on it
          if (reply.type === 'pair.pending') this.waiting.push(conn)
          else conn.destroy()
        }
      })
      conn.on('error', () => resolve('closed'))
      conn.on('close', () => resolve('closed'))
    })
  }

  async close(): Promise<void> {
    for (const conn of this.waiting) conn.destroy()
    await this.nodes.close()
  }
}
