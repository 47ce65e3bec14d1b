import { Box, Text } from 'ink'
import { useState } from 'react'
import { localMoment, roleAllows, type ConflictRecord, type Departure } from '../../protocol/index.js'
import { TextFieldView, useTextField } from '../components/text-field.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useQuantities, type Quantities } from '../hooks/use-quantities.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { useAppState, useClient } from '../state/contexts.js'
import type { Column } from '../components/columns.js'
import { DetailView, type DetailField } from '../components/detail-view.js'
import { Table } from '../components/table.js'
import { useNames, type Names } from '../hooks/use-names.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'
import { OutcomeLine, type Outcome } from '../components/outcome-line.js'
import { HISTORY_BINDING, useHistory } from '../components/history-view.js'

/** Conflicts' own commands, beside the shared ones. */
const Conflicts = { resolve: 'resolve', bookToZero: 'bookToZero', detail: 'detail' } as const

const BINDINGS = [
  { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'previous conflict' },
  { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'next conflict' },
  {
    command: Conflicts.resolve,
    keys: ['r'],
    label: 'r',
    help: 'resolve with a note (manager); a roll that left twice: choose who got it first',
  },
  {
    command: Command.select,
    keys: [{ name: 'return' }],
    label: 'Enter',
    help: 'a roll that left twice: the one chosen got it (the others are booked back)',
  },
  { command: Conflicts.detail, keys: ['d'], label: 'd', help: 'the selected conflict in full (Esc closes)' },
  { command: Conflicts.bookToZero, keys: ['z'], label: 'z', help: 'a negative balance: book it back to zero, with a note (manager)' },
  HISTORY_BINDING,
  { command: Command.back, keys: [{ name: 'escape' }, 'b'], label: 'Esc/b', help: 'back to the menu' },
] satisfies readonly Binding[]

/** A departure as a manager reads it: the order or count, and who made it by name (not the staff id). */
const departureText = (d: Departure, names: Names): string =>
  d.order !== null
    ? `order ${d.order} (${names.person(d.person)})`
    : d.count !== null
      ? `count ${d.count} (${names.person(d.person)})`
      : `operation ${d.op}`

const KIND_LABEL: Record<ConflictRecord['kind'], string> = {
  'left-twice': 'left twice',
  'negative-balance': 'below zero',
  rejected: 'rejected',
  oversold: 'oversold',
  'field-clash': 'field clash',
}

/** The conflict's columns: what kind, the thing (a code, whole), who or which orders (codes, whole), then the reason (cut). */
function conflictColumns(numbers: Quantities, names: Names): Column<ConflictRecord>[] {
  return [
    { kind: 'code', cell: (c) => KIND_LABEL[c.kind] },
    {
      kind: 'code',
      cell: (c) => c.unit?.code ?? (c.balance !== null ? `${c.balance.sku} ${c.balance.location} ${c.balance.lot}` : c.op.type),
    },
    {
      kind: 'code',
      cell: (c) =>
        c.unit !== undefined
          ? c.unit.departures.map((d) => d.order ?? (d.count !== null ? `count ${d.count}` : d.op.slice(0, 8))).join(', ')
          : c.balance !== null
            ? numbers.show(c.balance.milli, c.balance.sku)
            : names.person(c.op.person),
    },
    { kind: 'text', cell: (c) => c.reason, min: 8 },
  ]
}

/** The record a conflict is about, for its history: the roll, the edited record, else the conflict itself. */
const recordOf = (c: ConflictRecord): string => (c.unit !== undefined ? `roll/${c.unit.code}` : (c.field?.record ?? `conflict/${c.id}`))

function describeConflict(c: ConflictRecord, numbers: Quantities, names: Names): string {
  if (c.kind === 'negative-balance' && c.balance !== null) {
    const b = c.balance
    return `${b.sku} at ${b.location} lot ${b.lot} is ${numbers.show(b.milli, b.sku)}: ${c.reason}`
  }
  if (c.kind === 'left-twice' && c.unit !== undefined) {
    // the orders first: a row is cut at the terminal's width, and they are what a manager decides on
    const u = c.unit
    const times = u.departures.length === 2 ? 'twice' : `${u.departures.length} times`
    const who = u.departures.map((d) => d.order ?? (d.count !== null ? `count ${d.count}` : d.op)).join(', ')
    return `roll ${u.code} left ${times}: ${who} (${u.sku} lot ${u.lot} at ${u.location}, ${numbers.show(u.milli, u.sku)})`
  }
  if (c.kind === 'field-clash') return `edited on two nodes apart: ${c.reason}`
  return `${c.op.type} by ${names.person(c.op.person)} rejected: ${c.reason}`
}

/** The open left-twice conflict that took a negative balance below zero, if the list holds one. */
const openCause = (c: ConflictRecord, list: readonly ConflictRecord[]): ConflictRecord | undefined =>
  list.find((o) => o.resolution === null && (c.leftTwice ?? []).includes(o.id))

/** What a manager is deciding: which departure of a roll stands (left-twice), then the note. */
type Resolving = { id: string; correction: number | null; kept: Departure | null; others: number; milli: number; sku: string | null }

/**
 * Conflicts: what the rules rejected after nodes met, balances driven below zero, and rolls that
 * left twice. A manager settles each with a note (`r`), books a negative balance back to zero
 * (`z`), or for a roll that left twice first chooses the departure that stands (`r`, ↑/↓, Enter;
 * the daemon books the others back): all new operations, so the conflict and how it was settled
 * stay in the record.
 */
export function ConflictsScreen(props: ScreenProps) {
  const client = useClient()
  const { person } = useAppState()
  const manager = person !== null && roleAllows(person.role, ['manager'])
  const conflicts = useViewQuery(() => client.call('conflicts.list', { open: true, limit: 200 }), [])
  const list = conflicts.data ?? []
  const numbers = useQuantities(list.map((c) => c.balance?.sku ?? c.unit?.sku))
  const cursor = useListCursor(list.length)
  const history = useHistory(props.rows)
  const [resolving, setResolving] = useState<Resolving | null>(null)
  /** A roll that left twice, its departures listed: which one stands (the cursor). */
  const [choosing, setChoosing] = useState<ConflictRecord | null>(null)
  const choice = useListCursor(choosing?.unit?.departures.length ?? 0)
  const [message, setMessage] = useState<Outcome | null>(null)
  const [detail, setDetail] = useState<ConflictRecord | null>(null)
  const names = useNames()

  const note = useTextField({
    isActive: resolving !== null,
    maxLength: 200,
    onSubmit: (text) => {
      if (resolving === null || text.trim() === '') return setMessage({ error: true, text: 'write what was decided' })
      client
        .call('conflicts.resolve', {
          conflict: resolving.id,
          note: text.trim(),
          correction: resolving.correction === null ? null : { milli: resolving.correction },
          kept: resolving.kept?.op ?? null,
        })
        .then(
          () => setMessage({ error: false, text: 'resolved' }),
          (err: Error) => setMessage({ error: true, text: err.message }),
        )
      note.apply({ type: 'clear' })
      setResolving(null)
    },
  })

  useKeypress((key) => {
    const command = commandFor(BINDINGS, key)
    // the row under the cursor now, not as of the last frame
    const selected = list[cursor.selected]
    if (detail !== null) {
      if (command === Command.back) setDetail(null)
      return true
    }
    if (command === Conflicts.detail && selected !== undefined && resolving === null && choosing === null) {
      setDetail(selected)
      return true
    }
    if (resolving !== null) {
      if (key.name !== 'escape') return false
      note.apply({ type: 'clear' })
      setResolving(null)
      return true
    }
    if (choosing?.unit !== undefined) {
      const departures = choosing.unit.departures
      if (key.name === 'escape') setChoosing(null)
      else if (choice.move(command)) return true
      else if (command === Command.select && departures[choice.selected] !== undefined) {
        const kept = departures[choice.selected]!
        setResolving({
          id: choosing.id,
          correction: null,
          kept,
          others: departures.length - 1,
          milli: choosing.unit.milli,
          sku: choosing.unit.sku,
        })
        setChoosing(null)
      } else return false
      return true
    }
    if (cursor.move(command)) return true
    if (command === Command.back) props.back()
    else if (command === HISTORY_BINDING.command && selected !== undefined) history.open(recordOf(selected))
    else if ((command === Conflicts.resolve || command === Conflicts.bookToZero) && selected !== undefined) {
      if (!manager) setMessage({ error: true, text: 'resolving a conflict needs a manager' })
      else if (selected.unit !== undefined && command === Conflicts.bookToZero)
        setMessage({ error: true, text: 'a roll that left twice: press r and choose the order that got it' })
      else if (selected.unit !== undefined) {
        choice.reset()
        setChoosing(selected)
      } else if (command === Conflicts.resolve)
        setResolving({ id: selected.id, correction: null, kept: null, others: 0, milli: 0, sku: null })
      else if (selected.balance === null) setMessage({ error: true, text: 'only a negative balance can be booked back' })
      else if (command === Conflicts.bookToZero && openCause(selected, list) !== undefined)
        // the fold refuses it too: settling the roll books it back, and both would book it twice
        setMessage({
          error: true,
          text: `roll ${openCause(selected, list)!.unit?.code ?? ''} left twice: settle that (r), it books this back`,
        })
      else
        setResolving({ id: selected.id, correction: -selected.balance.milli, kept: null, others: 0, milli: 0, sku: selected.balance.sku })
    } else return false
    return true
  })

  const room = Math.max(3, props.rows - 8)
  if (detail !== null)
    return (
      <Box flexDirection="column" paddingX={1}>
        <DetailView
          title={`Conflict: ${describeConflict(detail, numbers, names).slice(0, Math.max(10, props.width - 20))}`}
          width={props.width - 2}
          fields={[
            ['what', describeConflict(detail, numbers, names)],
            ['reason', detail.reason],
            ['operation', `${detail.op.type} by ${names.person(detail.op.person)} on ${names.node(detail.op.node)}`],
            ...(detail.unit?.departures.map((d, i): DetailField => [`departure ${i + 1}`, departureText(d, names)]) ?? []),
            ['when', localMoment(detail.at)],
            ['settled', detail.resolution === null ? 'not yet' : `by ${names.person(detail.resolution.by)}: ${detail.resolution.note}`],
          ]}
        />
      </Box>
    )
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text>
        <Text {...tone('title')}>Conflicts — {list.length} open</Text>
        <Text {...tone('muted')}>{`  ${numbers.hint}`}</Text>
      </Text>
      {list.length === 0 && <Text {...tone('ok')}>Nothing to resolve.</Text>}
      {list.length > 0 && (
        <Table
          columns={conflictColumns(numbers, names)}
          rows={list}
          width={props.width - 2}
          height={room}
          selected={cursor.selected}
          rowKey={(c) => c.id}
          rowTone={(c) => tone(c.kind === 'negative-balance' || c.kind === 'left-twice' ? 'error' : 'warn')}
        />
      )}
      {choosing?.unit !== undefined && (
        <Box flexDirection="column" marginTop={1}>
          <Text>{`Which one really got roll ${choosing.unit.code}? (↑/↓, Enter; Esc: not now)`}</Text>
          {choosing.unit.departures.map((d, i) => (
            <Text key={d.op} {...(i === choice.selected ? tone('selected') : {})}>{` ${departureText(d, names)} `}</Text>
          ))}
        </Box>
      )}
      {resolving !== null && (
        <Box flexDirection="column" marginTop={1}>
          {resolving.kept !== null && (
            <Text>{`Kept: ${departureText(resolving.kept, names)}; the other ${resolving.others === 1 ? 'one is' : `${resolving.others} are`} booked back (+${numbers.show(resolving.milli, resolving.sku)} each)`}</Text>
          )}
          {resolving.correction !== null && (
            <Text>{`Correction: +${numbers.show(resolving.correction, resolving.sku)} (MANUAL_CORRECTION)`}</Text>
          )}
          <TextFieldView label="Note" field={note.state} focused width={6} />
        </Box>
      )}
      <OutcomeLine outcome={message} />
      {history.view}
    </Box>
  )
}

export const conflictsScreen: ScreenEntry = {
  id: 'conflicts',
  label: 'Conflicts',
  roles: 'anyone',
  inMenu: true,
  bindings: BINDINGS,
  component: ConflictsScreen,
}
