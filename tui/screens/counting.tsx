import { Box, Text } from 'ink'
import { useRef, useState } from 'react'
import type { CountVariance } from '../../protocol/index.js'
import { useCodeEntry } from '../components/code-entry.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { HISTORY_BINDING, useHistory } from '../components/history-view.js'
import { useQuantities } from '../hooks/use-quantities.js'
import { useScanQueue } from '../hooks/use-scan-queue.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { useClient } from '../state/contexts.js'
import type { Column } from '../components/columns.js'
import { Table } from '../components/table.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useUndo } from '../hooks/use-undo.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'
import { OutcomeLine, type Outcome } from '../components/outcome-line.js'

/** Counting's own commands, beside the shared ones. */
const Counting = { approve: 'approve', drop: 'drop', undo: 'undo' } as const

const BINDINGS = [
  { command: Command.typeCode, keys: ['/'], label: '/', help: 'type or paste a code instead of scanning (Enter sends it)' },
  { command: Counting.undo, keys: ['u'], label: 'u', help: 'undo your last scan in this count (within 2 minutes)' },
  { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'previous variance' },
  { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'next variance' },
  { command: Counting.approve, keys: ['a'], label: 'a', help: 'approve the variances (manager; y confirms)' },
  { command: Counting.drop, keys: ['x'], label: 'x', help: 'drop this count (y confirms); nothing is adjusted' },
  { command: Command.confirm, keys: ['y'], label: 'y', help: 'confirm' },
  HISTORY_BINDING,
  { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'back to the menu (the count stays open)' },
] satisfies readonly Binding[]

const WHAT: Record<CountVariance['kind'], string> = {
  missing: 'not found here',
  'moved-here': 'found here, recorded at',
  found: 'found, recorded as lost or gone',
  unknown: 'not a roll of this site',
}

/**
 * Count a shelf: scan its label to open a count, then every roll on it. Scans against the
 * records show as variances; nothing changes until a manager approves (`a`, then `y`).
 */
export function CountingScreen(props: ScreenProps) {
  const client = useClient()
  const [session, setSession] = useState<{ id: string; location: string } | null>(null)
  const current = useRef<string | null>(null)
  const [pending, setPending] = useState<'approve' | 'drop' | null>(null)
  const [message, setMessage] = useState<Outcome | null>(null)
  const undo = useUndo()
  const history = useHistory(props.rows)
  const loaded = useViewQuery(async () => (session === null ? null : client.call('counting.get', { session: session.id })), [session?.id])
  const variances = loaded.data?.variances ?? []
  const cursor = useListCursor(variances.length)

  const scans = useScanQueue(async (code) => {
    if (current.current === null) {
      const opened = await client.call('counting.open', { location: code })
      current.current = opened.session
      setSession({ id: opened.session, location: opened.location })
      return `counting ${opened.location}`
    }
    const session = current.current
    // a roll typed in lower case is the roll: its own code goes into the count
    const what = await client.call('scan.resolve', { code })
    const counted = what.kind === 'roll' ? what.roll.code : code
    const { scans: total } = await client.call('counting.scan', { session, codes: [counted] })
    undo.did({ what: `scan of ${counted}`, run: () => client.call('counting.unscan', { session, code: counted }) })
    return `scan ${total} recorded`
  })
  const entry = useCodeEntry(scans.push, { isActive: pending === null })

  const finish = (p: Promise<unknown>, ok: string) =>
    p.then(
      () => {
        setMessage({ error: false, text: ok })
        current.current = null
        setSession(null)
      },
      (err: Error) => setMessage({ error: true, text: err.message }),
    )
  useKeypress(
    (key) => {
      const command = commandFor(BINDINGS, key)
      if (pending !== null) {
        setPending(null)
        if (command !== Command.confirm || session === null) setMessage({ error: false, text: 'nothing changed' })
        else if (pending === 'approve')
          void finish(client.call('counting.approve', { session: session.id }), `count of ${session.location} approved`)
        else void finish(client.call('counting.cancel', { session: session.id, reason: 'dropped at the screen' }), 'count dropped')
        return true
      }
      if (cursor.move(command)) return true
      if (command === Counting.undo) void undo.undo().then(setMessage)
      else if (command === Command.back) props.back()
      else if (command === HISTORY_BINDING.command && session !== null) history.open(`count/${session.id}`)
      else if (command === Counting.approve && session !== null) setPending('approve')
      else if (command === Counting.drop && session !== null) setPending('drop')
      else return false
      return true
    },
    { isActive: !entry.open },
  )

  const count = loaded.data?.count
  const numbers = useQuantities(variances.map((v) => v.sku))
  const columns: Column<CountVariance>[] = [
    { kind: 'code', cell: (v) => v.roll },
    { kind: 'text', cell: (v) => `${WHAT[v.kind]}${v.from === null ? '' : ` ${v.from}`}`, min: 8 },
    { kind: 'number', cell: (v) => (v.milli === 0 ? '' : numbers.show(v.milli, v.sku)) },
  ]
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text>
        <Text {...tone('title')}>Count{session === null ? '' : ` ${session.location} (${session.id})`}</Text>
        <Text {...tone('muted')}>{`  ${numbers.hint}`}</Text>
      </Text>
      {session === null ? (
        <Text>Scan the shelf label to start counting it.</Text>
      ) : (
        <Text>{`Scan every roll on the shelf. ${count?.scans.length ?? 0} scans recorded; ${variances.length} variance(s).`}</Text>
      )}
      <Box flexDirection="column" marginY={1}>
        <Table
          columns={columns}
          rows={variances}
          width={props.width - 2}
          height={Math.max(3, props.rows - 9)}
          selected={cursor.selected}
          rowKey={(v) => `${v.kind}${v.roll}`}
          rowTone={(v) => tone(v.kind === 'unknown' ? 'warn' : v.kind === 'missing' ? 'error' : 'ok')}
        />
      </Box>
      {undo.last !== null && <Text {...tone('muted')}>{`u undoes the ${undo.last.what}`}</Text>}
      <Text>{`Scans ${scans.received}  answered ${scans.done}  refused ${scans.refused}`}</Text>
      {scans.last !== null && (
        <Text {...tone(scans.last.ok ? 'ok' : 'error')}>{`${scans.last.ok ? '✓' : '✗'} ${scans.last.code}: ${scans.last.text}`}</Text>
      )}
      {pending !== null && (
        <Text {...tone('warn')}>
          {pending === 'approve' ? 'Approve: adjust the stock by these variances?' : 'Drop this count?'} y confirms.
        </Text>
      )}
      <OutcomeLine outcome={message} />
      {entry.view}
      {history.view}
    </Box>
  )
}

export const countingScreen: ScreenEntry = {
  id: 'counting',
  label: 'Count',
  roles: ['picker'],
  inMenu: true,
  bindings: BINDINGS,
  component: CountingScreen,
}
