import { Box, Text } from 'ink'
import { useState } from 'react'
import { roleAllows } from '../../protocol/index.js'
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
    if (cursor.move(command)) return true
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

  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Peers — {status?.site.name ?? ''}</Text>
      {peers.length === 0 && <Text>No other nodes yet. Pair a device from the menu.</Text>}
      {peers.map((p, i) => (
        <Text key={p.key} {...(i === cursor.selected ? tone('selected') : p.online ? {} : tone('warn'))}>
          {`${p.online ? '●' : '○'} ${p.name.padEnd(16).slice(0, 16)} ${(p.online ? 'online' : 'offline').padEnd(8)} seen ${ago(p.lastSeen).padEnd(8)} ${String(p.behind).padStart(6)} behind  ${p.address ?? ''}`.slice(
            0,
            props.width - 2,
          )}
        </Text>
      ))}
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
