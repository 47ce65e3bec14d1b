import { Box, Text } from 'ink'
import { useState } from 'react'
import { roleAllows, type PeerRecord } from '../../protocol/index.js'
import type { Column } from '../components/columns.js'
import { DetailView } from '../components/detail-view.js'
import { Table } from '../components/table.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useScan } from '../hooks/use-scan.js'
import { useAppState, useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'
import type { Outcome } from '../components/outcome-line.js'

/** Peers's own commands, beside the shared ones. */
const Peers = { removePeer: 'removePeer' } as const

const BINDINGS = [
  { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'previous node' },
  { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'next node' },
  { command: Command.select, keys: [{ name: 'return' }], label: 'Enter', help: 'the selected node in full: key, address, versions' },
  { command: Peers.removePeer, keys: ['r'], label: 'r', help: 'remove the selected node (lost or stolen), after y to confirm' },
  { command: Command.back, keys: [{ name: 'escape' }, 'b'], label: 'Esc/b', help: 'back to the menu' },
] satisfies readonly Binding[]

function ago(t: number | null): string {
  if (t === null) return 'never'
  const s = Math.round((Date.now() - t) / 1000)
  return s < 60 ? `${s}s ago` : s < 3600 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`
}

/** The site's other nodes, pushed with every status: online, last seen, how far behind; remove one. */
export function MeshPeersScreen(props: ScreenProps) {
  const client = useClient()
  const { status, person } = useAppState()
  const peers = status?.peers ?? []
  const cursor = useListCursor(peers.length)
  const [confirming, setConfirming] = useState(false)
  const [message, setMessage] = useState<Outcome | null>(null)
  const selected = peers[cursor.selected]
  const [detail, setDetail] = useState<PeerRecord | null>(null)

  useKeypress((key) => {
    if (confirming) {
      setConfirming(false)
      if (key.name === 'char' && key.char === 'y' && selected !== undefined) {
        client.call('mesh.removeNode', { node: selected.key }).then(
          () => setMessage({ error: false, text: `${selected.name} removed: it is refused from now on` }),
          (err: Error) => setMessage({ error: true, text: err.message }),
        )
      } else setMessage({ error: false, text: 'not removed' })
      return true
    }
    const command = commandFor(BINDINGS, key)
    if (detail !== null) {
      if (command === Command.back) setDetail(null)
      return true
    }
    if (cursor.move(command)) return true
    if (command === Command.select && selected !== undefined) {
      setDetail(selected)
      return true
    }
    if (command === Peers.removePeer) {
      if (selected === undefined) return true
      if (person === null || !roleAllows(person.role, ['manager'])) setMessage({ error: true, text: 'removing a node needs a manager' })
      else setConfirming(true)
      return true
    }
    if (command === Command.back) {
      props.back()
      return true
    }
    return false
  })
  useScan(() => undefined)

  if (detail !== null)
    return (
      <Box flexDirection="column" paddingX={1}>
        <DetailView
          title={`Node ${detail.name}`}
          width={props.width - 2}
          fields={[
            ['state', detail.online ? 'online' : 'offline'],
            ['last seen', ago(detail.lastSeen)],
            ['behind', `${detail.behind} blocks of its log not fetched here yet`],
            ['address', detail.address],
            ['outpost', detail.version == null ? null : `${detail.version.outpost}, protocol ${detail.version.protocol}`],
            ['key', detail.key],
          ]}
        />
      </Box>
    )
  const columns: Column<PeerRecord>[] = [
    { kind: 'code', cell: (p) => (p.online ? '●' : '○') },
    { header: 'node', kind: 'text', cell: (p) => p.name, min: 6, max: 24 },
    { header: 'state', kind: 'code', cell: (p) => (p.online ? 'online' : 'offline') },
    { header: 'seen', kind: 'code', cell: (p) => ago(p.lastSeen) },
    { header: 'behind', kind: 'number', cell: (p) => String(p.behind) },
    { header: 'address', kind: 'text', cell: (p) => p.address ?? '', min: 8, optional: true },
  ]
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Peers — {status?.site.name ?? ''}</Text>
      {peers.length === 0 && <Text>No other nodes yet. Pair a device from the menu.</Text>}
      {peers.length > 0 && (
        <Table
          columns={columns}
          rows={peers}
          width={props.width - 2}
          height={Math.max(3, props.rows - 4)}
          selected={cursor.selected}
          rowKey={(p) => p.key}
          rowTone={(p) => (p.online ? {} : tone('warn'))}
        />
      )}
      {confirming && selected !== undefined && (
        <Text {...tone('error')}>
          Remove {selected.name}? It stops being a writer and is refused. y to confirm, any other key to keep it.
        </Text>
      )}
      {message !== null && <Text {...tone(message.error ? 'error' : 'ok')}>{message.text}</Text>}
    </Box>
  )
}

export const meshPeersScreen: ScreenEntry = {
  id: 'mesh-peers',
  label: 'Peers',
  roles: 'anyone',
  inMenu: true,
  bindings: BINDINGS,
  component: MeshPeersScreen,
}
