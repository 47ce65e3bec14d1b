import { Box, Text } from 'ink'
import type { PersonRecord, Status } from '../../protocol/index.js'
import { tone } from '../theme.js'
import { cut } from './columns.js'

const SEP = ' │ '

/**
 * One line at the bottom: node, site, who is signed in, peers, sync lag, printer, help key, and
 * DISCONNECTED while the daemon's socket is down.
 * "? help" always shows (seen at 60 columns: it was cut off); what matters less gives way first,
 * in this order: the site name is cut, then the printer, the peers, the node go.
 */
export function StatusBar(props: { status: Status | null; person: PersonRecord | null; width: number; connected?: boolean }) {
  const s = props.status
  const online = s?.peers.filter((p) => p.online).length ?? 0
  const lag = s?.peers.reduce((sum, p) => sum + p.behind, 0) ?? 0
  const printer =
    s === null || s.printers.length === 0
      ? 'none'
      : s.printers.map((p) => `${p.id}:${p.state}${p.queued > 0 ? `(${p.queued})` : ''}`).join(',')
  const behind = catchingUp(s)
  // [text, rank]: the higher the rank, the longer it stays
  const parts: Array<[string, number]> = [
    // who is signed in by name, as the menu's title says it (the staff id is what they typed)
    [props.person === null ? 'signed out' : `${props.person.name} (${props.person.role})`, 8],
    [`peers ${online}/${s?.peers.length ?? 0} lag ${lag}`, 4],
    [`printer ${printer}`, 2],
    ...(s?.halted ? [['HALTED: upgrade', 9] as [string, number]] : []),
    // the peers and the printer as last known, the daemon gone: said first, in words
    ...(props.connected === false ? [['DISCONNECTED', 9] as [string, number]] : []),
    ...(s?.node.removal ? [['REMOVED from the site', 9] as [string, number]] : []),
    ...(behind === null ? [] : [[behind, 7] as [string, number]]),
    ['? help', 10],
  ]
  // this node by its name (the writers list has it), the key's start only while it has none
  const here = s?.writers.find((w) => w.key === s.node.key)?.name
  const left = s === null ? 'connecting…' : `${s.site.name} ${here ?? s.node.key.slice(0, 6)}`
  let kept = parts
  const joined = (list: Array<[string, number]>) => list.map(([t]) => t).join(SEP)
  // drop the lowest-ranked parts until the right side and a few columns of the site name fit
  while (kept.length > 1 && joined(kept).length + SEP.length + 1 + Math.min(8, left.length) > props.width) {
    const lowest = Math.min(...kept.map(([, r]) => r))
    kept = kept.filter(([, r]) => r !== lowest)
  }
  const right = joined(kept)
  const room = props.width - right.length - SEP.length - 1
  const line = room >= 3 ? ' ' + cut(left, room) + SEP + right : (' ' + right).slice(-props.width)
  return (
    <Box>
      <Text {...tone('bar')}>{line.length > props.width ? line.slice(line.length - props.width) : line.padEnd(props.width)}</Text>
    </Box>
  )
}

/**
 * Below this many blocks left to fetch and fold, the status says nothing of catch-up: a node
 * always folds its own last few blocks a moment after writing them.
 */
export const CATCH_UP_SHOWN = 20

/**
 * "catching up 1200/5000" while a node back from a long absence fetches and folds what the site
 * did meanwhile (blocks folded of those known), instead of a stale view without a word; null when
 * it is (nearly) level with its peers.
 */
export function catchingUp(s: Status | null): string | null {
  const c = s?.catchUp
  if (c === undefined || c.total - c.folded < CATCH_UP_SHOWN) return null
  const pct = Math.floor((c.folded / Math.max(1, c.total)) * 100)
  return `catching up ${c.folded}/${c.total} (${pct}%)`
}
