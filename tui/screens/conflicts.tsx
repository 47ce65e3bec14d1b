import { Box, Text } from 'ink'
import { useState } from 'react'
import { formatQuantity, roleAllows, type ConflictRecord, type Departure, type NumberStyle } from '../../protocol/index.js'
import { TextFieldView, useTextField } from '../components/text-field.js'
import { Command, commandFor, SCREEN_BINDINGS } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useNumberStyle } from '../hooks/use-number-style.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { useAppState, useClient } from '../state/contexts.js'
import { tone } from '../theme.js'

const departureText = (d: Departure): string =>
  d.order !== null ? `order ${d.order} (${d.person})` : d.count !== null ? `count ${d.count} (${d.person})` : `operation ${d.op}`

function describeConflict(c: ConflictRecord, style: NumberStyle | null): string {
  if (c.kind === 'negative-balance' && c.balance !== null) {
    const b = c.balance
    return `${b.sku} at ${b.location} lot ${b.lot} is ${formatQuantity({ milli: b.milli, unit: 'm' }, style)}: ${c.reason}`
  }
  if (c.kind === 'left-twice' && c.unit !== undefined) {
    // the orders first: a row is cut at the terminal's width, and they are what a manager decides on
    const u = c.unit
    const times = u.departures.length === 2 ? 'twice' : `${u.departures.length} times`
    const who = u.departures.map((d) => d.order ?? (d.count !== null ? `count ${d.count}` : d.op)).join(', ')
    return `roll ${u.code} left ${times}: ${who} (${u.sku} lot ${u.lot} at ${u.location}, ${formatQuantity({ milli: u.milli, unit: 'm' }, style)})`
  }
  return `${c.op.type} by ${c.op.person} rejected: ${c.reason}`
}

/** What a manager is deciding: which departure of a roll stands (left-twice), then the note. */
type Resolving = { id: string; correction: number | null; kept: Departure | null; others: number; milli: number }

/**
 * Conflicts: what the rules rejected after nodes met, balances driven below zero, and rolls that
 * left twice. A manager settles each with a note (`r`), books a negative balance back to zero
 * (`z`), or for a roll that left twice first chooses the departure that stands (`r`, ↑/↓, Enter;
 * the daemon books the others back): all new operations, so the conflict and how it was settled
 * stay in the record.
 */
export function ConflictsScreen(props: { back(): void; rows: number }) {
  const client = useClient()
  const { person } = useAppState()
  const numbers = useNumberStyle()
  const manager = person !== null && roleAllows(person.role, ['manager'])
  const conflicts = useViewQuery(() => client.call('conflicts.list', { open: true, limit: 200 }), [])
  const list = conflicts.data ?? []
  const cursor = useListCursor(list.length)
  const selected = list[cursor.selected]
  const [resolving, setResolving] = useState<Resolving | null>(null)
  /** A roll that left twice, its departures listed: which one stands (the cursor). */
  const [choosing, setChoosing] = useState<ConflictRecord | null>(null)
  const choice = useListCursor(choosing?.unit?.departures.length ?? 0)
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null)

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
    const command = commandFor(SCREEN_BINDINGS.conflicts, key)
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
        setResolving({ id: choosing.id, correction: null, kept, others: departures.length - 1, milli: choosing.unit.milli })
        setChoosing(null)
      } else return false
      return true
    }
    if (cursor.move(command)) return true
    if (command === Command.back) props.back()
    else if ((command === Command.resolve || command === Command.bookToZero) && selected !== undefined) {
      if (!manager) setMessage({ error: true, text: 'resolving a conflict needs a manager' })
      else if (selected.unit !== undefined && command === Command.bookToZero)
        setMessage({ error: true, text: 'a roll that left twice: press r and choose the order that got it' })
      else if (selected.unit !== undefined) {
        choice.reset()
        setChoosing(selected)
      } else if (command === Command.resolve) setResolving({ id: selected.id, correction: null, kept: null, others: 0, milli: 0 })
      else if (selected.balance === null) setMessage({ error: true, text: 'only a negative balance can be booked back' })
      else setResolving({ id: selected.id, correction: -selected.balance.milli, kept: null, others: 0, milli: 0 })
    } else return false
    return true
  })

  const room = Math.max(3, props.rows - 8)
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text>
        <Text {...tone('title')}>Conflicts — {list.length} open</Text>
        <Text {...tone('muted')}>{`  ${numbers.hint}`}</Text>
      </Text>
      {list.length === 0 && <Text {...tone('ok')}>Nothing to resolve.</Text>}
      {list.slice(0, room).map((c, i) => (
        <Text
          key={c.id}
          wrap="truncate-end"
          {...(i === cursor.selected
            ? tone('selected')
            : tone(c.kind === 'negative-balance' || c.kind === 'left-twice' ? 'error' : 'warn'))}
        >
          {` ${describeConflict(c, numbers.style)} `}
        </Text>
      ))}
      {choosing?.unit !== undefined && (
        <Box flexDirection="column" marginTop={1}>
          <Text>{`Which one really got roll ${choosing.unit.code}? (↑/↓, Enter; Esc: not now)`}</Text>
          {choosing.unit.departures.map((d, i) => (
            <Text key={d.op} {...(i === choice.selected ? tone('selected') : {})}>{` ${departureText(d)} `}</Text>
          ))}
        </Box>
      )}
      {resolving !== null && (
        <Box flexDirection="column" marginTop={1}>
          {resolving.kept !== null && (
            <Text>{`Kept: ${departureText(resolving.kept)}; the other ${resolving.others === 1 ? 'one is' : `${resolving.others} are`} booked back (+${formatQuantity({ milli: resolving.milli, unit: 'm' }, numbers.style).replace(/ m$/, '')} each)`}</Text>
          )}
          {resolving.correction !== null && (
            <Text>{`Correction: +${formatQuantity({ milli: resolving.correction, unit: 'm' }, numbers.style).replace(/ m$/, '')} (MANUAL_CORRECTION)`}</Text>
          )}
          <TextFieldView label="Note" field={note.state} focused width={6} />
        </Box>
      )}
      {message !== null && <Text {...tone(message.error ? 'error' : 'ok')}>{`${message.error ? '✗' : '✓'} ${message.text}`}</Text>}
    </Box>
  )
}
