import type { WebhooksStatus } from '../../protocol/index.js'
import type { StatusBoard } from '../status-board.js'
import type { Readers } from '../view/readers.js'

/**
 * The webhooks part of `system.status`: the outbox's report when it runs here, otherwise what the
 * view says of the sender. When another node sends, what this node knows of it from the mesh (its
 * name, online, last heard, blocks of its log not here yet), so `status` on any node can say who
 * sends and whether it is away (docs/integration.md, "When the sending node is away").
 */
export async function webhooksStatus(board: StatusBoard, read: Readers, nodeKey: string): Promise<WebhooksStatus> {
  const inbound = board.inbound?.address() ?? null
  const status: WebhooksStatus =
    board.webhooks !== null
      ? { ...(await board.webhooks.status()), inbound }
      : await Promise.all([read.webhooks.sender(), read.webhooks.eventCount()]).then(([sender, events]) => ({
          sender,
          here: sender === nodeKey,
          events,
          behind: null,
          dead: null,
          endpoints: null,
          inbound,
        }))
  if (status.here || status.sender === null) return status
  const peer = (await board.peers()).find((p) => p.key === status.sender)
  const senderPeer = peer === undefined ? null : { name: peer.name, online: peer.online, lastSeen: peer.lastSeen, behind: peer.behind }
  return { ...status, senderPeer }
}
