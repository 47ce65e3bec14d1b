import { Box, Text } from 'ink'
import { useEffect, useState } from 'react'
import type { DeadLetter, EndpointView, WebhooksStatus } from '../../protocol/index.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useNames } from '../hooks/use-names.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useScan } from '../hooks/use-scan.js'
import { useAppState, useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'
import type { Outcome } from '../components/outcome-line.js'

/** The webhooks screen's own commands, beside the shared ones. */
const Hooks = { retry: 'retryDead', retryAll: 'retryAllDead', refresh: 'refreshHooks' } as const

const BINDINGS = [
  { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'previous dead letter' },
  { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'next dead letter' },
  { command: Hooks.retry, keys: ['r'], label: 'r', help: 'send the selected dead letter again (same webhook-id)' },
  { command: Hooks.retryAll, keys: ['a'], label: 'a', help: "send all of the selected letter's endpoint's dead letters again" },
  { command: Hooks.refresh, keys: ['g'], label: 'g', help: 'read the outbox again' },
  { command: Command.back, keys: [{ name: 'escape' }, 'b'], label: 'Esc/b', help: 'back to the menu' },
] satisfies readonly Binding[]

interface Outbox {
  status: WebhooksStatus
  endpoints: EndpointView[]
  dead: DeadLetter[]
}

/** The webhook outbox of this node: which node sends, each endpoint's state, the dead letters and their retry. */
export function WebhooksScreen(props: ScreenProps) {
  const client = useClient()
  const { status } = useAppState()
  const [outbox, setOutbox] = useState<Outbox | null>(null)
  const [message, setMessage] = useState<Outcome | null>(null)
  const [reads, setReads] = useState(0)
  const dead = outbox?.dead ?? []
  const cursor = useListCursor(dead.length)
  const selected = dead[cursor.selected]

  // read again on every pushed status (a fold, or the outbox's own change) and on g
  useEffect(() => {
    let live = true
    Promise.all([client.call('webhooks.list'), client.call('webhooks.dead', { limit: 200 })]).then(
      ([list, letters]) => live && setOutbox({ ...list, dead: letters }),
      (err: Error) => live && setMessage({ error: true, text: err.message }),
    )
    return () => {
      live = false
    }
  }, [client, status, reads])

  const retry = (params: { id: string } | { endpoint: string }) =>
    client.call('webhooks.retry', params).then(
      (r) => {
        setMessage({ error: false, text: `${r.retried} dead letter${r.retried === 1 ? '' : 's'} queued to send again` })
        setReads((n) => n + 1)
      },
      (err: Error) => setMessage({ error: true, text: err.message }),
    )

  useKeypress((key) => {
    const command = commandFor(BINDINGS, key)
    if (cursor.move(command)) return true
    if (command === Hooks.retry || command === Hooks.retryAll) {
      if (selected !== undefined) void retry(command === Hooks.retry ? { id: selected.id } : { endpoint: selected.endpoint })
      return true
    }
    if (command === Hooks.refresh) {
      setReads((n) => n + 1)
      return true
    }
    if (command === Command.back) {
      props.back()
      return true
    }
    return false
  })
  useScan(() => undefined)
  const names = useNames()

  const s = outbox?.status
  const cut = (line: string) => line.slice(0, props.width - 2)
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Webhooks</Text>
      {s !== undefined && (
        <Text>
          {s.sender === null
            ? 'No node sends: none has webhooks.send in its config.'
            : s.here
              ? `This node sends: ${s.events} events, ${s.behind ?? 0} behind, ${s.dead ?? 0} dead letters.`
              : `${names.node(s.sender)} sends, not this node.`}
        </Text>
      )}
      {outbox?.endpoints.length === 0 && <Text>No endpoints on this node (outpost webhooks add URL --events ...).</Text>}
      {outbox?.endpoints.map((e) => (
        <Text key={e.id} {...(e.disabled !== null ? tone('error') : e.retrying !== null ? tone('warn') : {})}>
          {cut(
            `${e.id.padEnd(8)} ${String(e.pending).padStart(5)} pending ${String(e.dead).padStart(4)} dead  ${
              e.disabled ?? (e.retrying !== null ? `retrying: ${e.retrying.last}` : 'ok')
            }  ${e.url}`,
          )}
        </Text>
      ))}
      <Text {...tone('title')}>Dead letters</Text>
      {dead.length === 0 && <Text>None.</Text>}
      {dead.map((d, i) => (
        <Text key={d.id + d.endpoint} {...(i === cursor.selected ? tone('selected') : {})}>
          {cut(`${d.endpoint.padEnd(8)} ${d.type.padEnd(20)} event ${String(d.seq).padStart(6)}  ${d.attempts} tries  ${d.last}`)}
        </Text>
      ))}
      {message !== null && <Text {...tone(message.error ? 'error' : 'ok')}>{message.text}</Text>}
    </Box>
  )
}

export const webhooksScreen: ScreenEntry = {
  id: 'webhooks',
  label: 'Webhooks',
  roles: ['manager'],
  inMenu: true,
  bindings: BINDINGS,
  component: WebhooksScreen,
}
