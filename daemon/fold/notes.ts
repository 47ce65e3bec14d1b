import { roleAllows, type NOTES_OPERATIONS } from '../../protocol/index.js'
import { archivedNoteKey, noteKey } from '../view/keys.js'
import { reject, type Handler, type HandlersOf, type NoteState } from './context.js'

export const notePost: Handler<'notes.post'> = async ({ view, op }) => {
  const key = noteKey(op.id)
  if ((await view.get(key)) !== null || (await view.get(archivedNoteKey(op.id))) !== null) reject('a note with this id exists already')
  const note: NoteState = { id: op.id, text: op.payload.text, person: op.person, node: op.node, hlc: op.hlc, archived: false }
  await view.put(key, note)
}

export const noteArchive: Handler<'notes.archive'> = async ({ view, op, actor }) => {
  const note = await view.get<NoteState>(noteKey(op.payload.noteId))
  if (note === null) {
    const archived = await view.get(archivedNoteKey(op.payload.noteId))
    reject(archived === null ? 'no such note' : 'the note was archived already')
  }
  if (actor === null || (actor.id !== note.person && !roleAllows(actor.role, ['manager']))) {
    reject('only its author or a manager may archive a note', 'forbidden')
  }
  await view.del(noteKey(note.id))
  await view.put(archivedNoteKey(note.id), { ...note, archived: true })
}

export const NOTES_HANDLERS: HandlersOf<typeof NOTES_OPERATIONS> = {
  'notes.post': notePost,
  'notes.archive': noteArchive,
}
