import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Duplex } from 'node:stream'
import { createLogger } from '../../daemon/logger.js'
import { OutpostNode } from '../../daemon/node.js'
import { foundSite } from '../../daemon/site.js'
import { SocketServer } from '../../daemon/socket/server.js'
import { SocketClient } from '../../client/socket-client.js'
import { DEFAULT_MAX_FRAME_BYTES } from '../../protocol/index.js'
import { eventually } from './eventually.js'

/** Several nodes of one site in this process, with replication links we can cut and mend. */
export class InProcessSite {
  readonly nodes: OutpostNode[] = []
  private readonly links = new Map<string, [Duplex, Duplex]>()
  /** Socket servers and clients opened by `serve`, closed before the nodes. */
  private readonly served: Array<() => Promise<void> | void> = []
  private constructor(readonly dir: string) {}

  /** `now`: the nodes' wall clock (NodeOptions.now), for a test that moves time. */
  static async create(count: number, opts: { now?: () => number } = {}): Promise<InProcessSite> {
    const site = new InProcessSite(await mkdtemp(join(tmpdir(), 'op-site-')))
    const logger = createLogger('silent')
    const clock = opts.now === undefined ? {} : { now: opts.now }
    const founder = new OutpostNode({ storageDir: join(site.dir, 'n0'), site: null, logger, ...clock })
    await founder.open()
    await foundSite(founder, { name: 'Test site', nodeName: 'n0', adminSecret: 'TEST-0000' })
    site.nodes.push(founder)
    for (let i = 1; i < count; i++) {
      const node = new OutpostNode({ storageDir: join(site.dir, `n${i}`), site: founder.base.key, logger, ...clock })
      await node.open()
      site.nodes.push(node)
      await founder.append(
        founder.stamp(
          [{ type: 'mesh.addNode', payload: { key: node.nodeKey, name: `n${i}`, swarmKey: node.swarmKeyPair.publicKey.toString('hex') } }],
          'admin',
        ),
      )
    }
    for (let i = 1; i < count; i++) site.connect(0, i)
    await site.until(() => site.nodes.every((n) => n.base.writable), 'all nodes writable')
    site.disconnectAll()
    return site
  }

  private key(a: number, b: number): string {
    return a < b ? `${a}-${b}` : `${b}-${a}`
  }

  connect(a: number, b: number): void {
    if (a === b || this.links.has(this.key(a, b))) return
    const left = this.nodes[a]!.base.replicate(true)
    const right = this.nodes[b]!.base.replicate(false)
    left.pipe(right).pipe(left)
    const swallow = () => undefined // a cut link errors on both ends; that is the point of cutting it
    left.on('error', swallow)
    right.on('error', swallow)
    this.links.set(this.key(a, b), [left, right])
  }

  disconnect(a: number, b: number): void {
    const link = this.links.get(this.key(a, b))
    if (link === undefined) return
    link[0].destroy()
    link[1].destroy()
    this.links.delete(this.key(a, b))
  }

  disconnectAll(): void {
    for (const k of [...this.links.keys()]) {
      const [a, b] = k.split('-').map(Number) as [number, number]
      this.disconnect(a, b)
    }
  }

  connectAll(): void {
    for (let a = 0; a < this.nodes.length; a++) for (let b = a + 1; b < this.nodes.length; b++) this.connect(a, b)
  }

  /** Let every node pull in what its links bring and fold it, until `done` holds. */
  async until(done: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
    await eventually(
      async () => {
        if (await done()) return true
        await Promise.all(this.nodes.map((n) => n.base.update()))
        return false
      },
      what,
      { timeoutMs, intervalMs: 0, evidence: async () => `folded: ${JSON.stringify(await this.folded())}` },
    )
  }

  async hashes(): Promise<string[]> {
    return Promise.all(this.nodes.map(async (n) => (await n.read.system.meta()).hash))
  }

  /** How many operations each node's view has folded. */
  async folded(): Promise<number[]> {
    return Promise.all(this.nodes.map(async (n) => (await n.read.system.meta()).seq))
  }

  /** A socket on `node` (its own server in this process) and a client signed in as the first admin. */
  async serve(node: OutpostNode, name: string): Promise<SocketClient> {
    const path = join(this.dir, `${name}.sock`)
    const server = new SocketServer({ path, node, logger: createLogger('silent'), maxFrameBytes: DEFAULT_MAX_FRAME_BYTES })
    await server.listen()
    this.served.push(() => server.close())
    const client = await SocketClient.connect(path)
    this.served.push(() => client.close())
    await client.call('session.signIn', { person: 'admin', pin: 'TEST-0000' })
    return client
  }

  async close(): Promise<void> {
    for (const close of this.served.splice(0).reverse()) await close()
    this.disconnectAll()
    for (const n of [...this.nodes].reverse()) await n.close()
    await rm(this.dir, { recursive: true, force: true })
  }
}
