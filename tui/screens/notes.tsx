import { Box, Text } from 'ink'
import { useState } from 'react'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { Layer } from '../keys/dispatcher.js'
import { TextFieldView, useTextField } from '../components/text-field.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useScan } from '../hooks/use-scan.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'
import { OutcomeLine, type Outcome } from '../components/outcome-line.js'
import { localDay, localTime, type NoteRecord } from '../../protocol/index.js'
import type { Column } from '../components/columns.js'
import { DetailView } from '../components/detail-view.js'
import { Table } from '../components/table.js'
import { useNames } from '../hooks/use-names.js'

/** Shift notes's own commands, beside the shared ones. */
const Notes = { newNote: 'newNote', archiveNote: 'archiveNote' } as const

const BINDINGS = [
  { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'newer note' },
  { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'older note' },
  { command: Notes.newNote, keys: ['n'], label: 'n', help: 'write a note (Enter posts, Esc cancels)' },
  { command: Notes.archiveNote, keys: ['a'], label: 'a', help: 'archive the selected note' },
  {
    command: Command.select,
    keys: [{ name: 'return' }],
    label: 'Enter',
    help: 'the selected note in full: who wrote it, on which node, when',
  },
  { command: Command.back, keys: [{ name: 'escape' }, 'b'], label: 'Esc/b', help: 'back to the menu' },
] satisfies readonly Binding[]

/** Shift notes: what the next shift must know ("printer 2 jams, use 1"), on every node. */
export function NotesScreen(props: ScreenProps) {
  const client = useClient()
  const [composing, setComposing] = useState(false)
  const [message, setMessage] = useState<Outcome | null>(null)
  const rows = props.rows - 2 // the new-note field takes two
  const { data } = useViewQuery(() => client.call('notes.list', { limit: Math.max(3, rows) }), [rows])
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
  const names = useNames()
  const [detail, setDetail] = useState<NoteRecord | null>(null)
  useKeypress((key) => {
    const command = commandFor(BINDINGS, key)
    if (detail !== null) {
      if (command === Command.back) setDetail(null)
      return true
    }
    if (cursor.move(command)) return true
    switch (command) {
      case Command.select:
        if (notes[cursor.selected] !== undefined) setDetail(notes[cursor.selected]!)
        return true
      case Notes.newNote:
        setComposing(true)
        setMessage(null)
        return true
      case Notes.archiveNote: {
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

  if (detail !== null)
    return (
      <Box flexDirection="column" paddingX={1}>
        <DetailView
          title="Shift note"
          width={props.width - 2}
          fields={[
            ['note', detail.text],
            ['by', `${names.person(detail.person)} (${detail.person})`],
            ['on node', names.node(detail.node)],
            ['when', localDay(detail.hlc.t, true)],
            ['archived', detail.archived ? 'yes' : null],
          ]}
        />
      </Box>
    )
  const columns: Column<NoteRecord>[] = [
    { kind: 'code', cell: (n) => localTime(n.hlc.t) },
    { kind: 'text', cell: (n) => names.person(n.person), min: 4, max: 14 },
    { kind: 'text', cell: (n) => n.text, min: 12 },
    { kind: 'text', cell: (n) => names.node(n.node), min: 6, max: 14, optional: true },
  ]
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Shift notes</Text>
      {composing ? <TextFieldView label="Note" field={field.state} focused width={6} /> : <Text {...tone('muted')}>n: write a note</Text>}
      <OutcomeLine outcome={message} />
      {notes.length === 0 && <Text>No notes.</Text>}
      <Table columns={columns} rows={notes} width={props.width - 2} height={rows} selected={cursor.selected} rowKey={(n) => n.id} />
    </Box>
  )
}

export const notesScreen: ScreenEntry = {
  id: 'notes',
  label: 'Shift notes',
  roles: 'anyone',
  inMenu: true,
  bindings: BINDINGS,
  component: NotesScreen,
}
