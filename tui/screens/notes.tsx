import { Box, Text } from 'ink'
import { useState } from 'react'
import { Command, commandFor, SCREEN_BINDINGS } from '../keys/bindings.js'
import { Layer } from '../keys/dispatcher.js'
import { TextFieldView, useTextField } from '../components/text-field.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useScan } from '../hooks/use-scan.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { useClient } from '../state/contexts.js'
import { tone } from '../theme.js'

/** Shift notes: what the next shift must know ("printer 2 jams, use 1"), on every node. */
export function NotesScreen(props: { back(): void; rows: number; width: number }) {
  const client = useClient()
  const [composing, setComposing] = useState(false)
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null)
  const { data } = useViewQuery(() => client.call('notes.list', { limit: Math.max(3, props.rows) }), [props.rows])
  const notes = data ?? []

  const field = useTextField({
    isActive: composing,
    maxLength: 300,
    priority: Layer.overlay,
    onSubmit: (text) => {
      if (text.trim() === '') return setMessage({ error: true, text: 'a note needs some text' })
      client.call('notes.post', { text }).then(
        () => {
          field.apply({ type: 'clear' })
          setComposing(false)
          setMessage({ error: false, text: 'note posted' })
        },
        (err: Error) => setMessage({ error: true, text: err.message }),
      )
    },
  })

  useKeypress(
    (key) => {
      if (key.name !== 'escape') return false
      setComposing(false)
      return true
    },
    { isActive: composing, priority: Layer.overlay },
  )
  const cursor = useListCursor(notes.length)
  useKeypress((key) => {
    const command = commandFor(SCREEN_BINDINGS.notes, key)
    if (cursor.move(command)) return true
    switch (command) {
      case Command.newNote:
        setComposing(true)
        setMessage(null)
        return true
      case Command.archiveNote: {
        const note = notes[cursor.selected]
        if (note !== undefined) {
          client.call('notes.archive', { noteId: note.id }).then(
            () => setMessage({ error: false, text: 'note archived' }),
            (err: Error) => setMessage({ error: true, text: err.message }),
          )
        }
        return true
      }
      case Command.back:
        props.back()
        return true
      default:
        return false
    }
  })
  // A scan while writing goes into the note ("roll 4711 damaged"); otherwise it is ignored.
  useScan((code) => {
    if (composing) field.apply({ type: 'insert', text: code })
  })

  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Shift notes</Text>
      {composing ? <TextFieldView label="Note" field={field.state} focused width={6} /> : <Text {...tone('muted')}>n: write a note</Text>}
      {message !== null && (
        <Text {...tone(message.error ? 'error' : 'ok')}>
          {message.error ? '✗' : '✓'} {message.text}
        </Text>
      )}
      {notes.length === 0 && <Text>No notes.</Text>}
      {notes.map((n, i) => (
        <Text key={n.id} {...(i === cursor.selected ? tone('selected') : {})} wrap="truncate-end">
          {`${new Date(n.hlc.t).toTimeString().slice(0, 5)} ${n.person.padEnd(8).slice(0, 8)} ${n.text}`.slice(0, props.width - 2)}
        </Text>
      ))}
    </Box>
  )
}
