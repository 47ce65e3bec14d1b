import { Box, Text } from 'ink'
import { useState } from 'react'
import { formatQuantity, roleAllows, type ConflictRecord, type NumberStyle } from '../../protocol/index.js'
import { TextFieldView, useTextField } from '../components/text-field.js'
import { Command, commandFor, SCREEN_BINDINGS } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useNumberStyle } from '../hooks/use-number-style.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { useAppState, useClient } from '../state/contexts.js'
import { tone } from '../theme.js'

function describeConflict(c: ConflictRecord, style: NumberStyle | null): string {
  if (c.kind === 'negative-balance' && c.balance !== null) {
    const b = c.balance
    return `${b.sku} at ${b.location} lot ${b.lot} is ${formatQuantity({ milli: b.milli, unit: 'm' }, style)}: ${c.reason}`
  }
  return `${c.op.type} by ${c.op.person} rejected: ${c.reason}`
}

/**
 * Conflicts: what the rules rejected after nodes met, and balances driven below zero. A manager
 * settles each with a note (`r`), or books a negative balance back to zero (`z`): both are new
 * operations, so the conflict and how it was settled stay in the record.
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
  const [resolving, setResolving] = useState<{ id: string; correction: number | null } | null>(null)
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
    if (cursor.move(command)) return true
    if (command === Command.back) props.back()
    else if ((command === Command.resolve || command === Command.bookToZero) && selected !== undefined) {
      if (!manager) setMessage({ error: true, text: 'resolving a conflict needs a manager' })
      else if (command === Command.resolve) setResolving({ id: selected.id, correction: null })
      else if (selected.balance === null) setMessage({ error: true, text: 'only a negative balance can be booked back' })
      else setResolving({ id: selected.id, correction: -selected.balance.milli })
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
          {...(i === cursor.selected ? tone('selected') : tone(c.kind === 'negative-balance' ? 'error' : 'warn'))}
        >
          {` ${describeConflict(c, numbers.style)} `}
        </Text>
      ))}
      {resolving !== null && (
        <Box flexDirection="column" marginTop={1}>
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
