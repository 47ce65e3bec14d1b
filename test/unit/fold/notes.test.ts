import { foldTable, op } from './table.js'

const post = (text: string, by = 'admin') => op('notes.post', { text }, by)
const archive = (noteId: string, by = 'admin') => op('notes.archive', { noteId }, by)

foldTable('notes: every rejection reason of the fold', [
  {
    reason: 'a note with this id exists already',
    name: 'a note with this id exists already (posted)',
    attempt: (fx) => ({
      envelope: () => ({ ...fx.node.stamp([{ type: 'notes.post', payload: { text: 'again' } }], 'pia')[0]!, id: fx.notes.pia }),
    }),
    allowed: () => post('a new one', 'pia'),
  },
  {
    reason: 'a note with this id exists already',
    name: 'a note with this id exists already (archived)',
    given: (fx) => [archive(fx.notes.pia)],
    attempt: (fx) => ({
      envelope: () => ({ ...fx.node.stamp([{ type: 'notes.post', payload: { text: 'again' } }], 'pia')[0]!, id: fx.notes.pia }),
    }),
    allowed: () => post('a new one', 'pia'),
  },
  {
    reason: 'no such note',
    attempt: () => archive('0000000000000000-never'),
    allowed: (fx) => archive(fx.notes.pia),
  },
  {
    reason: 'the note was archived already',
    given: (fx) => [archive(fx.notes.pia)],
    attempt: (fx) => archive(fx.notes.pia),
    allowed: (fx) => archive(fx.notes.admin),
  },
  {
    reason: 'only its author or a manager may archive a note',
    kind: 'forbidden',
    attempt: (fx) => archive(fx.notes.pia, 'kim'),
    allowed: (fx) => archive(fx.notes.pia, 'pia'),
  },
  {
    reason: 'only its author or a manager may archive a note',
    name: "a manager may archive anyone's note",
    kind: 'forbidden',
    attempt: (fx) => archive(fx.notes.admin, 'pia'),
    allowed: (fx) => archive(fx.notes.admin, 'max'),
  },
])
