import { NUMBER_STYLE_EXAMPLE, removalLine, type CatchUp, type Status } from '../../protocol/index.js'
import type { GlobalOptions } from '../options.js'
import { withDaemon } from './connect.js'
import { senderLine } from './webhooks.js'

export async function statusCommand(globals: GlobalOptions, opts: { json?: boolean }): Promise<number> {
  return withDaemon(globals, undefined, async (client) => {
    const status = await client.call('system.status')
    process.stdout.write(opts.json === true ? JSON.stringify(status, null, 2) + '\n' : formatStatus(status))
    return 0
  })
}

export function formatStatus(s: Status): string {
  const writers = s.writers.map(
    (w) => `  ${w.key.slice(0, 12)}…  ${w.name}${w.removed ? '  (removed)' : ''}${w.key === s.node.key ? '  (this node)' : ''}`,
  )
  const peers =
    s.peers.length === 0
      ? ['  none connected']
      : s.peers.map(
          (p) =>
            `  ${p.name}  ${p.online ? 'online' : 'offline'}  ${p.behind} behind${p.version == null ? '' : `  outpost ${p.version.outpost}, protocol ${p.version.protocol}`}`,
        )
  return [
    `site      ${s.site.name}  ${s.site.key}`,
    // what "1.234" means on this site (an admin sets it: outpost rpc site.setNumberStyle)
    `numbers   ${s.site.numberStyle === null ? 'no style set: 1.234 and 1,234 are refused as ambiguous' : `${NUMBER_STYLE_EXAMPLE[s.site.numberStyle]} (${s.site.numberStyle})`}`,
    // this node by its name first, as the site line has it (the key is what a peer list shows)
    `node      ${s.writers.find((w) => w.key === s.node.key)?.name ?? '(no name yet)'}  ${s.node.key}${s.node.writable ? '' : '  (not a writer)'}`,
    `log       ${s.log.localLength} blocks here, system ${s.log.systemLength}, signed ${s.log.signedLength}`,
    `view      ${s.view.seq} operations folded, version ${s.view.version}`,
    ...(s.catchUp === undefined ? [] : [`catch-up  ${catchUpLine(s.catchUp)}`]),
    `viewHash  ${s.view.hash}`,
    ...(s.halted === null ? [] : [`HALTED    ${s.halted}`]),
    ...(s.node.removal === null ? [] : [`REMOVED   ${removalLine(s.node.removal)}`]),
    `writers`,
    ...writers,
    `network   ${s.network.address === null ? 'off' : `site node ${s.network.address} (others join with --direct ${s.network.address})`}${s.network.pairing ? ', a pairing code is open' : ''}`,
    `peers`,
    ...peers,
    `printers  ${s.printers.length === 0 ? 'none configured' : s.printers.map((p) => `${p.name} ${p.state} (${p.queued} queued)`).join(', ')}`,
    ...(s.webhooks === undefined
      ? []
      : [
          senderLine(s.webhooks).replace(/^sender {3}/, 'webhooks '),
          ...(s.webhooks.inbound ? [`inbound   http://${s.webhooks.inbound}/webhooks`] : []),
        ]),
    `versions  outpost ${s.versions.outpost}, protocol ${s.versions.protocol}, node ${s.versions.node}`,
    ...(s.http == null ? [] : [`metrics   ${s.http.metrics}  (health ${s.http.health}, ready ${s.http.ready})`]),
    '',
  ].join('\n')
}

/** Where a node stands against the site's work, in log blocks (daemon/catch-up.ts): level, or how far along. */
export function catchUpLine(c: CatchUp): string {
  const left = c.total - c.folded
  if (left === 0 && c.fetch === 0) return `level: all ${c.total} blocks held are folded`
  const pct = Math.floor((c.folded / Math.max(1, c.total)) * 100)
  return `folded ${c.folded} of ${c.total} blocks (${pct}%)${c.fetch > 0 ? `, ${c.fetch} still to fetch from peers` : ''}`
}
