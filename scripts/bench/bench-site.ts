import Corestore from 'corestore'
import { join } from 'node:path'
import { resolveConfig } from '../../daemon/config.js'
import { createLogger } from '../../daemon/logger.js'
import { joinSite } from '../../daemon/net/join.js'
import { freeUdpPortPair } from '../../daemon/net/ports.js'
import type { SocketClient } from '../../client/socket-client.js'
import { startBenchDaemon, type BenchDaemon } from './bench-daemon.js'

/**
 * A site of daemons on loopback for the benches that need more than one node (mesh, attachments,
 * kitchen, memory, soak): one place for making the nodes, pairing them, waiting on them, and the
 * raw Hypercore replication their figures are compared with.
 */

export interface BenchNode {
  name: string
  dir: string
  net: string[]
  daemon: BenchDaemon | null
}

export async function signedIn(node: BenchNode, secret: string): Promise<SocketClient> {
  const client = await node.daemon!.connect()
  await client.call('session.signIn', { person: 'admin', pin: secret })
  return client
}

export async function statuses(nodes: BenchNode[]) {
  return Promise.all(
    nodes.map(async (n) => {
      const c = await n.daemon!.connect()
      try {
        return await c.call('system.status')
      } finally {
        c.close()
      }
    }),
  )
}

/** Poll (bounded) until every node has folded `seq` operations into the same view; returns ms. */
export async function untilConverged(nodes: BenchNode[], seq: number, started: number, timeoutMs = 300_000): Promise<number> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const s = await statuses(nodes)
    if (s.every((x) => x.view.seq === seq && x.view.hash === s[0]!.view.hash)) return performance.now() - started
    if (Date.now() > deadline) throw new Error(`no convergence: ${s.map((x) => x.view.seq).join(', ')} of ${seq}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

export async function pair(bin: string, inviter: BenchNode, node: BenchNode, secret: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const client = await signedIn(inviter, secret)
  await client.call('view.subscribe')
  const accepted = new Promise<void>((resolve, reject) => {
    client.onEvent('mesh.pairRequested', (r) => void client.call('mesh.pairAccept', { id: r.id }).then(() => resolve(), reject))
  })
  const { code } = await client.call('mesh.pairCode')
  const address = (await client.call('system.status')).network.address!
  const config = resolveConfig({ dataDir: node.dir, network: { host: '127.0.0.1', port: Number(node.net[3]) }, env: {} })
  await Promise.all([joinSite({ config, code, direct: address, name: node.name, logger: createLogger('silent') }), accepted])
  client.close()
  node.daemon = await startBenchDaemon(bin, node.dir, node.net, env)
}

/** Nodes named `names` under `dir`, each on a loopback port of its own; the first founds the site, the rest pair with it. */
export async function pairedSite(bin: string, dir: string, names: string[]): Promise<{ nodes: BenchNode[]; secret: string }> {
  const nodes: BenchNode[] = []
  for (const name of names) nodes.push(await benchNode(dir, name))
  const [first, ...others] = nodes as [BenchNode, ...BenchNode[]]
  first.daemon = await startBenchDaemon(bin, first.dir, first.net)
  const secret = first.daemon.adminSecret ?? ''
  for (const node of others) await pair(bin, first, node, secret)
  return { nodes, secret }
}

/** A node not started yet, on a loopback port of its own. */
export async function benchNode(dir: string, name: string): Promise<BenchNode> {
  return { name, dir: join(dir, name), net: ['--host', '127.0.0.1', '--port', String(await freeUdpPortPair())], daemon: null }
}

/**
 * The floor a bench compares with: a core filled by `fill` in one store, replicated to a second
 * store piped to it in this process; returns the ms `fetch` takes on the copy.
 */
export async function rawReplication(
  dir: string,
  fill: (core: ReturnType<Corestore['get']>) => Promise<void>,
  fetch: (copy: ReturnType<Corestore['get']>) => Promise<unknown>,
  valueEncoding?: 'json',
): Promise<number> {
  const a = new Corestore(join(dir, 'raw-a'))
  const b = new Corestore(join(dir, 'raw-b'))
  const core = a.get(valueEncoding === undefined ? { name: 'raw' } : { name: 'raw', valueEncoding })
  await core.ready()
  await fill(core)
  const copy = b.get({ key: core.key })
  await copy.ready()
  const started = performance.now()
  const s1 = a.replicate(true)
  const s2 = b.replicate(false)
  s1.pipe(s2).pipe(s1)
  await fetch(copy)
  const ms = performance.now() - started
  s1.destroy()
  s2.destroy()
  await a.close()
  await b.close()
  return ms
}
