import { Box, Text } from 'ink'
import { useEffect, useState } from 'react'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useScan } from '../hooks/use-scan.js'
import { useAppState, useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'

/** Pair a device's own commands, beside the shared ones. */
const Pairing = { newCode: 'newCode' } as const

const BINDINGS = [
  { command: Pairing.newCode, keys: ['n'], label: 'n', help: 'make a new code' },
  { command: Command.back, keys: [{ name: 'escape' }, 'b'], label: 'Esc/b', help: 'back to the menu' },
] satisfies readonly Binding[]

/** A one-time code for a new node, with the time it has left; the consent prompt follows on its own. */
export function MeshPairingScreen(props: ScreenProps) {
  const client = useClient()
  const { status, person } = useAppState()
  const address = status?.network.address ?? null
  // names, not keys: the site the new node joins, this node (where it asks), who made the code
  const site = status?.site.name ?? null
  const here = status === null ? null : (status.writers.find((w) => w.key === status.node.key)?.name ?? null)
  const [code, setCode] = useState<{ code: string; expiresAt: number } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [now, setNow] = useState(Date.now())
  const [asked, setAsked] = useState(0)
  // a code works once: after a node used it, "valid for 4:25" would invite a second one (issue #21)
  const [used, setUsed] = useState<{ id: string; name: string; outcome: string | null } | null>(null)

  useEffect(() => {
    setUsed(null)
    client.call('mesh.pairCode').then(setCode, (err: Error) => setError(err.message))
  }, [client, asked])
  useEffect(() => {
    const offRequested = client.onEvent('mesh.pairRequested', (r) => setUsed({ id: r.id, name: r.name, outcome: null }))
    const offSettled = client.onEvent('mesh.pairSettled', ({ id, outcome }) =>
      setUsed((u) => (u !== null && u.id === id ? { ...u, outcome } : u)),
    )
    return () => {
      offRequested()
      offSettled()
    }
  }, [client])
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  useKeypress((key) => {
    const command = commandFor(BINDINGS, key)
    if (command === Pairing.newCode) setAsked((n) => n + 1)
    else if (command === Command.back) props.back()
    else return false
    return true
  })
  useScan(() => undefined)

  const left = code === null ? 0 : Math.max(0, Math.round((code.expiresAt - now) / 1000))
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>{site === null ? 'Pair a device' : `Pair a device with ${site}`}</Text>
      {error !== null && <Text {...tone('error')}>✗ {error}</Text>}
      {code !== null && (
        <Box flexDirection="column" marginY={1}>
          <Text>On the new node, run:</Text>
          <Text bold> outpost pair join {code.code}</Text>
          {address !== null && <Text {...tone('muted')}> (no site bootstrap there? add --direct {address})</Text>}
          <Box marginTop={1} borderStyle="round" paddingX={2} alignSelf="flex-start">
            <Text bold>{code.code}</Text>
          </Box>
          <Text {...tone(used !== null ? 'ok' : left === 0 ? 'error' : left < 60 ? 'warn' : 'muted')}>
            {used !== null
              ? `used by ${used.name}${used.outcome === null ? ': accept or deny it' : `: ${used.outcome}`}; n for a new code`
              : left === 0
                ? 'expired: n for a new code'
                : `valid for ${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}, for one node`}
          </Text>
          <Text {...tone('muted')}>
            {`When it asks to join, you are asked here${here === null ? '' : `, on ${here},`} to accept${person === null ? '' : ` (code made by ${person.name})`}.`}
          </Text>
        </Box>
      )}
    </Box>
  )
}

export const meshPairingScreen: ScreenEntry = {
  id: 'mesh-pairing',
  label: 'Pair a device',
  roles: ['manager'],
  inMenu: true,
  bindings: BINDINGS,
  component: MeshPairingScreen,
}
