import { Box, Text } from 'ink'
import { useState } from 'react'
import { replacesLine, roleAllows, type PairingRequestRecord } from '../../protocol/index.js'
import { commandFor, type Binding } from '../keys/bindings.js'
import { Layer } from '../keys/dispatcher.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useAppState, useClient } from '../state/contexts.js'
import { tone } from '../theme.js'

/** The prompt's commands: it takes the keys over whatever screen is open. */
const Consent = { accept: 'accept', deny: 'deny' } as const

const BINDINGS = [
  { command: Consent.accept, keys: ['a', 'y'], label: 'a/y', help: 'accept: the node joins the site' },
  { command: Consent.deny, keys: ['d', 'n', { name: 'escape' }], label: 'd/n/Esc', help: 'deny' },
] satisfies readonly Binding[]

/**
 * "NAME wants to join — Accept / Deny", over whatever screen is open. It appears only for a
 * request that carried a valid code (the daemon checked it). A non-manager sees it, but cannot
 * answer: a manager must.
 */
export function MeshConsent(props: { request: PairingRequestRecord; width: number }) {
  const client = useClient()
  const { person } = useAppState()
  const [message, setMessage] = useState<string | null>(null)
  const mayAnswer = person !== null && roleAllows(person.role, ['manager'])
  useKeypress(
    (key) => {
      const command = commandFor(BINDINGS, key)
      if (command === null) return true // the prompt holds the keyboard until it is answered
      if (!mayAnswer) {
        setMessage('a manager must answer this: sign in as one')
        return true
      }
      const answer =
        command === Consent.accept
          ? client.call('mesh.pairAccept', { id: props.request.id })
          : client.call('mesh.pairDeny', { id: props.request.id })
      setMessage(command === Consent.accept ? 'accepting…' : 'denying…')
      answer.catch((err: Error) => setMessage(err.message))
      return true
    },
    { priority: Layer.prompt },
  )
  return (
    // never shrunk to fit: the screen under it gives up its rows (seen: the title row lost at 80x24)
    <Box flexDirection="column" borderStyle="double" paddingX={1} width={Math.min(props.width, 76)} flexShrink={0}>
      <Text {...tone('title')}>{props.request.name} wants to join — Accept / Deny</Text>
      <Text>
        node {props.request.writerKey.slice(0, 12)}… from {props.request.address ?? 'unknown address'}
      </Text>
      {replacesLine(props.request) !== null && <Text {...tone('warn')}>{replacesLine(props.request)}</Text>}
      <Text>{mayAnswer ? 'a or y: accept    d, n or Esc: deny' : 'a manager must accept or deny this'}</Text>
      {message !== null && <Text {...tone(message.endsWith('…') ? 'muted' : 'error')}>{message}</Text>}
    </Box>
  )
}
