import { Box, Text } from 'ink'
import { useState } from 'react'
import { localMoment, type AuditEntry } from '../../protocol/index.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useScan } from '../hooks/use-scan.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { useClient } from '../state/contexts.js'
import type { Column } from '../components/columns.js'
import { DetailView } from '../components/detail-view.js'
import { HISTORY_BINDING, useHistory } from '../components/history-view.js'
import { OutcomeLine, type Outcome } from '../components/outcome-line.js'
import { Table } from '../components/table.js'
import { useNames } from '../hooks/use-names.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'

const BINDINGS = [
  { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'newer entry' },
  { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'older entry' },
  { command: Command.pageDown, keys: [{ name: 'pagedown' }, ' '], label: 'PgDn/Space', help: 'older page' },
  { command: Command.pageUp, keys: [{ name: 'pageup' }], label: 'PgUp', help: 'newer page' },
  {
    command: Command.select,
    keys: [{ name: 'return' }],
    label: 'Enter',
    help: 'the selected entry in full: operation, reason, node, where in the log',
  },
  HISTORY_BINDING,
  { command: Command.back, keys: [{ name: 'escape' }, 'b'], label: 'Esc/b', help: 'close the detail, or back to the menu' },
] satisfies readonly Binding[]
/** A digit picks one of the records an entry's operation touched (at most nine are offered). */
const digit = (input: string): number | null => (/^[1-9]$/.test(input) ? Number(input) - 1 : null)

// the day and the time both local: the day was UTC's, a day off around midnight away from UTC
const clock = (t: number): string => localMoment(t).slice(5)

/** Who did what, when, on which node: the fold's journal of the signed log, newest first. */
export function AuditScreen(props: ScreenProps) {
  const client = useClient()
  const pageSize = Math.max(3, props.rows - 2)
  const [pages, setPages] = useState<number[]>([]) // the beforeSeq of each page we went down to
  const beforeSeq = pages.at(-1)
  const { data, error } = useViewQuery(
    () => client.call('audit.list', beforeSeq === undefined ? { limit: pageSize } : { limit: pageSize, beforeSeq }),
    [beforeSeq, pageSize],
  )
  const entries = data ?? []

  const cursor = useListCursor(entries.length)
  const [detail, setDetail] = useState<AuditEntry | null>(null)
  const names = useNames()
  const history = useHistory(props.rows)
  // the records the selected entry's operation touched, when more than one: a digit picks one
  const [choice, setChoice] = useState<{ seq: number; records: string[] } | null>(null)
  const [message, setMessage] = useState<Outcome | null>(null)

  /** `h` on an entry: the history of the record its operation touched (a choice when several). */
  const historyOf = (entry: AuditEntry) => {
    setMessage(null)
    client.call('history.touched', { seq: entry.seq }).then(
      ({ records }) => {
        if (records.length === 0) setMessage({ error: true, text: `#${entry.seq} ${entry.type} touched no record with a history` })
        else if (records.length === 1) history.open(records[0]!)
        else setChoice({ seq: entry.seq, records: records.slice(0, 9) })
      },
      (err: unknown) => setMessage({ error: true, text: err instanceof Error ? err.message : String(err) }),
    )
  }

  useKeypress((key) => {
    const command = commandFor(BINDINGS, key)
    if (choice !== null) {
      const picked = key.name === 'char' ? digit(key.char) : null
      if (picked !== null && choice.records[picked] !== undefined) {
        history.open(choice.records[picked])
        setChoice(null)
      } else if (command === Command.back) setChoice(null)
      return true
    }
    if (detail !== null) {
      if (command === Command.back) setDetail(null)
      else if (command === HISTORY_BINDING.command) historyOf(detail)
      return true
    }
    if (command === HISTORY_BINDING.command && entries[cursor.selected] !== undefined) {
      historyOf(entries[cursor.selected]!)
      return true
    }
    if (cursor.move(command)) return true
    if (command === Command.select && entries[cursor.selected] !== undefined) {
      setDetail(entries[cursor.selected]!)
      return true
    }
    switch (command) {
      case Command.pageDown: {
        const last = entries.at(-1)
        if (last !== undefined && last.seq > 0 && entries.length === pageSize) {
          setPages((p) => [...p, last.seq])
          cursor.reset()
        }
        return true
      }
      case Command.pageUp:
        setPages((p) => p.slice(0, -1))
        cursor.reset()
        return true
      case Command.back:
        props.back()
        return true
      default:
        return false
    }
  })
  useScan(() => undefined) // scans do nothing here; they must not be read as keys

  // operation names whole; people by name (their staff id is in the entry in full), and the
  // reason (a description) is what gives way
  const columns: Column<AuditEntry>[] = [
    { header: 'seq', kind: 'number', cell: (e) => String(e.seq) },
    { header: 'time', kind: 'code', cell: (e) => clock(e.hlc.t), optional: true },
    { header: 'person', kind: 'text', cell: (e) => names.person(e.person), min: 6, max: 18 },
    { header: 'operation', kind: 'code', cell: (e) => e.type },
    { header: 'node', kind: 'text', cell: (e) => names.node(e.node), min: 6, max: 16, optional: true },
    { header: '', kind: 'text', cell: (e) => (e.status === 'applied' ? '✓' : `✗ ${e.reason ?? ''}`), min: 8 },
  ]
  const chooser = choice !== null && (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Text {...tone('title')}>
        #{choice.seq} touched: the history of which? (1-{choice.records.length}, Esc)
      </Text>
      {choice.records.map((r, i) => (
        <Text key={r}>
          {i + 1} {r}
        </Text>
      ))}
    </Box>
  )
  if (detail !== null)
    return (
      <Box flexDirection="column" paddingX={1}>
        <DetailView
          title={`Audit entry ${detail.seq}`}
          width={props.width - 2}
          fields={[
            ['operation', detail.type],
            ['outcome', detail.status === 'applied' ? 'applied' : 'rejected'],
            ['reason', detail.reason],
            ['person', `${names.person(detail.person)} (${detail.person})`],
            ['node', `${names.node(detail.node)} (${detail.node.slice(0, 16)}…)`],
            ['when', localMoment(detail.hlc.t)],
            ['in the log', `block ${detail.at.block}, place ${detail.at.index}`],
            ['id', detail.id],
          ]}
        />
        <Text {...tone('muted')}>h: the history of a record it touched</Text>
        {chooser}
        {message !== null && <OutcomeLine outcome={message} />}
        {history.view}
      </Box>
    )
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Audit log {pages.length > 0 ? `(page ${pages.length + 1})` : '(newest first)'}</Text>
      {error !== null && <Text {...tone('error')}>✗ {error}</Text>}
      <Table
        columns={columns}
        rows={entries}
        width={props.width - 2}
        height={props.rows}
        selected={cursor.selected}
        rowKey={(e) => `${e.seq}/${e.node}/${e.at.block}/${e.at.index}`}
        rowTone={(e) => (e.status === 'rejected' ? tone('error') : {})}
      />
      {chooser}
      {message !== null && <OutcomeLine outcome={message} />}
      {history.view}
    </Box>
  )
}

export const auditScreen: ScreenEntry = {
  id: 'audit',
  label: 'Audit log',
  roles: ['manager'],
  inMenu: true,
  bindings: BINDINGS,
  component: AuditScreen,
}
