import type { Status } from '../protocol/index.js'
import type { CatchUpGauge } from './catch-up.js'
import type { OutpostNode } from './node.js'
import { webhooksStatus } from './outbox/status.js'
import { VERSIONS } from './versions.js'

/** `system.status` (OutpostNode.status): the node, its site and log, the view, peers, printers, webhooks. */
export async function readStatus(node: OutpostNode, gauge: CatchUpGauge): Promise<Status> {
  const { base, read, board } = node
  const [meta, site, writers, peers, printers] = await Promise.all([
    read.system.meta(),
    read.system.site(),
    read.mesh.writers(),
    board.peers(),
    board.printers(),
  ])
  return {
    node: { key: node.nodeKey, writable: base.writable && node.localRemoval === null, removal: await node.removal(writers) },
    site: { key: node.siteKey, name: site?.name ?? '', numberStyle: site?.numberStyle ?? null },
    writers,
    log: { localLength: base.local.length, systemLength: base.length, signedLength: base.signedLength },
    view: { version: base.view.version, seq: meta.seq, hash: meta.hash },
    catchUp: await gauge.measure(writers, peers),
    peers,
    network: board.network(),
    printers,
    halted: node.halted,
    webhooks: await webhooksStatus(board, read, node.nodeKey),
    versions: VERSIONS,
    http: board.http,
  }
}

/** A halted node's status before it ever read one: what is known without the (closed) base. */
export function emptyStatus(node: OutpostNode): Status {
  return {
    node: { key: node.nodeKey, writable: false, removal: node.localRemoval },
    site: { key: node.siteKey, name: '', numberStyle: null },
    writers: [],
    log: { localLength: 0, systemLength: 0, signedLength: 0 },
    view: { version: 0, seq: 0, hash: '' },
    peers: [],
    network: node.board.network(),
    printers: [],
    halted: node.halted,
    versions: VERSIONS,
  }
}
