import { Box, Text } from 'ink'
import { useCallback, useEffect, useState, type ReactNode } from 'react'
import { localMoment, roleAllows, type HistoryEntry, type ResultOf } from '../../protocol/index.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { Layer } from '../keys/dispatcher.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useNames, type Names } from '../hooks/use-names.js'
import { useAppState, useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import { OutcomeLine, type Outcome } from './outcome-line.js'

/**
 * Any record's history (history.get), opened from a screen that shows the record with one key:
 * the screen adds HISTORY_BINDING to its bindings (so `?` lists it), calls `useHistory()`, opens
 * it with the record it shows (`history.open('roll/R-1')`, or a code, an order id...) and renders
 * `history.view`. While open it takes every key (an overlay layer). A manager picks an entry and
 * presses `r`: the rollback to the state right after it is proposed (history.rollback, checked
 * by the fold, not appended) and shown; `y` appends it, Esc drops it.
 */

export const HISTORY_BINDING = {
  command: 'history',
  keys: ['h'],
  label: 'h',
  help: "the record's history: who did what, where, whether it stood; r rolls back",
} satisfies Binding

const History = { rollback: 'rollback', apply: 'apply' } as const
export const HISTORY_VIEW_BINDINGS = [
  { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'newer entry' },
  { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'older entry' },
  { command: History.rollback, keys: ['r'], label: 'r', help: 'roll the record back to right after this entry (manager): shown first' },
  { command: History.apply, keys: ['y'], label: 'y', help: 'append the rollback shown (an approval)' },
  { command: Command.back, keys: [{ name: 'escape' }, 'h'], label: 'Esc/h', help: 'close the history' },
] satisfies readonly Binding[]

type Loaded = ResultOf<'history.get'>
type Proposal = ResultOf<'history.rollback'>['proposal']

/** One entry as a row: where in the fold, when, what, who, on which node (by name), whether it stood. */
export function historyRow(e: HistoryEntry, names?: Names): string {
  const when = localMoment(e.at).slice(5)
  const stood = e.status === 'applied' ? (e.changed ? 'stood' : 'named') : `REJECTED ${e.reason ?? ''}`
  const fields = (e.fields ?? []).map((f) => ` ${f.field}=${JSON.stringify(f.value)} ${f.outcome}`).join(';')
  const who = names?.person(e.person) ?? e.person
  const where = names?.node(e.node) ?? e.node.slice(0, 6)
  return `#${e.seq} ${when} ${e.type} ${who} @${where} ${stood}${fields}`
}

export interface HistoryHandle {
  open(record: string): void
  isOpen: boolean
  view: ReactNode
}

/** The history overlay's state and view, for a screen that shows records (see above). */
export function useHistory(rows: number): HistoryHandle {
  const client = useClient()
  const { person } = useAppState()
  const names = useNames()
  const [record, setRecord] = useState<string | null>(null)
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [proposal, setProposal] = useState<Proposal | null>(null)
  const [message, setMessage] = useState<Outcome | null>(null)
  const cursor = useListCursor(loaded?.entries.length ?? 0)
  const say = (err: unknown) => setMessage({ error: true, text: err instanceof Error ? err.message : String(err) })

  const load = useCallback(
    (name: string) => {
      client.call('history.get', { record: name, limit: 200 }).then(setLoaded, (err: unknown) => {
        setLoaded(null)
        setMessage({ error: true, text: err instanceof Error ? err.message : String(err) })
      })
    },
    [client],
  )
  useEffect(() => {
    if (record !== null) load(record)
  }, [record, load])

  const close = () => {
    setRecord(null)
    setLoaded(null)
    setProposal(null)
    setMessage(null)
    cursor.reset()
  }

  useKeypress(
    (key) => {
      const command = commandFor(HISTORY_VIEW_BINDINGS, key)
      if (proposal !== null) {
        if (command === History.apply && loaded !== null) {
          client
            .call('history.rollback', { record: loaded.record, to: proposal.to, apply: true, note: 'rollback from the TUI' })
            .then(({ ids }) => {
              setMessage({ error: false, text: `rolled back: ${ids.length} operation(s) appended` })
              setProposal(null)
              load(loaded.record)
            }, say)
        } else if (key.name === 'escape') setProposal(null)
        return true
      }
      if (cursor.move(command)) return true
      if (command === Command.back) close()
      else if (command === History.rollback && loaded !== null) {
        const entry = loaded.entries[cursor.selected]
        if (person === null || !roleAllows(person.role, ['manager'])) setMessage({ error: true, text: 'a rollback needs a manager' })
        else if (entry !== undefined) {
          setMessage(null)
          client.call('history.rollback', { record: loaded.record, to: entry.seq }).then(({ proposal: p }) => setProposal(p), say)
        }
      }
      return true // the overlay takes every key while open
    },
    { isActive: record !== null, priority: Layer.overlay },
  )

  const room = Math.max(3, rows - 6 - (proposal === null ? 0 : 3 + proposal.changes.reduce((n, c) => n + 1 + c.lines.length, 0)))
  const view =
    record === null ? null : (
      <Box flexDirection="column" borderStyle="single" paddingX={1}>
        <Text {...tone('title')}>{`History of ${loaded?.record ?? record}, newest first  (↑/↓, r roll back, Esc close)`}</Text>
        {loaded !== null && loaded.entries.length === 0 && <Text {...tone('muted')}>no history</Text>}
        {(loaded?.entries ?? []).slice(Math.max(0, cursor.selected - room + 1), Math.max(room, cursor.selected + 1)).map((e) => (
          <Text
            key={e.seq}
            wrap="truncate-end"
            {...(e === loaded!.entries[cursor.selected] ? tone('selected') : tone(e.status === 'rejected' ? 'error' : 'muted'))}
          >
            {historyRow(e, names)}
          </Text>
        ))}
        {proposal !== null && (
          <Box flexDirection="column" marginTop={1}>
            <Text>{`Roll back to #${proposal.to}: undoes ${proposal.undoes.map((e) => `#${e.seq} ${e.type}`).join(', ')}`}</Text>
            {proposal.changes.flatMap((c) => [
              <Text key={c.record}>{`  ${c.record}`}</Text>,
              ...c.lines.map((l, i) => <Text key={`${c.record} ${i}`} wrap="truncate-end">{`    ${l}`}</Text>),
            ])}
            <Text {...tone('warn')}>y: append it (new operations; the log keeps all) Esc: not now</Text>
          </Box>
        )}
        <OutcomeLine outcome={message} />
      </Box>
    )
  return { open: setRecord, isOpen: record !== null, view }
}
