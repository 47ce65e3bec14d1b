import { Box, Text } from 'ink'
import type { PersonRecord, Status } from '../../protocol/index.js'
import { tone } from '../theme.js'

/** One line at the bottom: node, site, who is signed in, peers, sync lag, printer, help key. */
export function StatusBar(props: { status: Status | null; person: PersonRecord | null; width: number }) {
  const s = props.status
  const online = s?.peers.filter((p) => p.online).length ?? 0
  const lag = s?.peers.reduce((sum, p) => sum + p.behind, 0) ?? 0
  const printer =
    s === null || s.printers.length === 0
      ? 'none'
      : s.printers.map((p) => `${p.id}:${p.state}${p.queued > 0 ? `(${p.queued})` : ''}`).join(',')
  // The right end (help key) must always show; the site name gives way first on narrow terminals.
  const right = [
    props.person === null ? 'signed out' : `${props.person.id} (${props.person.role})`,
    `peers ${online}/${s?.peers.length ?? 0} lag ${lag}`,
    `printer ${printer}`,
    ...(s?.halted ? ['HALTED: upgrade'] : []),
    ...(s?.node.removal ? ['REMOVED from the site'] : []),
    '? help',
  ].join(' │ ')
  const left = s === null ? 'connecting…' : `${s.site.name} ${s.node.key.slice(0, 6)}`
  const room = Math.max(0, props.width - right.length - 4)
  const line = ' ' + (left.length > room ? left.slice(0, Math.max(0, room - 1)) + '…' : left) + ' │ ' + right
  return (
    <Box>
      <Text {...tone('bar')}>{line.length > props.width ? line.slice(0, props.width) : line.padEnd(props.width)}</Text>
    </Box>
  )
}
