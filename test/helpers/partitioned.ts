import { expect } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { signedIn, startDaemonProcess } from './daemon-process.js'
import { sameView, type MeshSite, type SiteNode } from './mesh-site.js'

/**
 * The shape every field-level merge test shares (SPEC "Conflicts" rule 4): an office node and a
 * terminal of one site, set up together, then each edited alone (no network) and brought back.
 */

/** A site of two: alpha the office node (source `office`), bravo a terminal, both writable. */
export async function officeAndTerminal(site: MeshSite): Promise<[SiteNode, SiteNode]> {
  const a = await site.found('alpha', [], {}, { source: 'office' })
  const b = await site.pairDirect(a, 'bravo')
  await site.until((s) => sameView(s) && s.every((x) => x.node.writable), 'bravo writable')
  return [a, b]
}

/** Run `work` as the admin on one node, closing the connection after. */
export async function asAdmin<T>(site: MeshSite, node: SiteNode, work: (client: SocketClient) => Promise<T>): Promise<T> {
  const client = await signedIn(node.daemon, 'admin', site.adminSecret)
  try {
    return await work(client)
  } finally {
    client.close()
  }
}

/**
 * Each node alone (no network), one after the other, so the later node's edits carry the later
 * clock: `work` runs on each while apart. Then both come back and the test waits until they agree.
 */
export async function apart(site: MeshSite, nodes: SiteNode[], work: (node: SiteNode) => Promise<void>): Promise<void> {
  for (const n of nodes) await n.daemon.stop()
  for (const n of nodes) {
    n.daemon = await startDaemonProcess(n.dir, { args: ['--no-network'] })
    await work(n)
    await n.daemon.stop()
  }
  for (const n of nodes) n.daemon = await startDaemonProcess(n.dir, { args: n.args })
  await site.until((s) => sameView(s) && s.every((x) => x.view.seq > 0), 'the nodes to converge')
}

/** Read the same thing on every node; they must agree. Returns alpha's reading. */
export async function sameOnAll<T>(site: MeshSite, nodes: SiteNode[], read: (client: SocketClient) => Promise<T>): Promise<T> {
  const seen = await Promise.all(nodes.map((n) => asAdmin(site, n, read)))
  for (const other of seen.slice(1)) expect(other).toEqual(seen[0])
  return seen[0]!
}
