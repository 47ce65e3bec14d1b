import type { PeerRecord } from '../../protocol/index.js'
import type { GlobalOptions } from '../options.js'
import { withDaemon } from './connect.js'

export async function peersCommand(globals: GlobalOptions, opts: { json?: boolean }): Promise<number> {
  return withDaemon(globals, undefined, async (client) => {
    const peers = await client.call('mesh.peers')
    process.stdout.write(opts.json === true ? JSON.stringify(peers, null, 2) + '\n' : formatPeers(peers))
    return 0
  })
}

export function formatPeers(peers: PeerRecord[]): string {
  if (peers.length === 0) return 'no other nodes in this site yet (outpost pair code makes a code for one)\n'
  const ago = (t: number | null) => (t === null ? 'never' : `${Math.round((Date.now() - t) / 1000)} s ago`)
  return (
    peers
      .map(
        (p) =>
          `${p.key.slice(0, 12)}…  ${p.name.padEnd(16)} ${p.online ? 'online ' : 'offline'}  seen ${ago(p.lastSeen).padEnd(10)} ${String(p.behind).padStart(6)} behind  ${p.address ?? ''}`,
      )
      .join('\n') + '\n'
  )
}

export async function peersRemoveCommand(globals: GlobalOptions, node: string, opts: { as?: string }): Promise<number> {
  return withDaemon(globals, opts.as, async (client) => {
    await client.call('mesh.removeNode', { node })
    process.stdout.write(`removed ${node}: it is no longer a writer and will be refused\n`)
    return 0
  })
}
