import { z } from 'zod'
import { Hlc } from './hlc.js'
import { Appended, HexKey, type MethodSpec, type OperationSpec } from './spec.js'

/** Shift notes for everyone on the site. */

export const NoteRecord = z.object({
  id: z.string(),
  text: z.string(),
  person: z.string(),
  node: HexKey,
  hlc: Hlc,
  archived: z.boolean(),
})
export type NoteRecord = z.infer<typeof NoteRecord>

export const NOTES_OPERATIONS = {
  'notes.post': {
    v: 1,
    allowed: 'anyone',
    payload: z.object({ text: z.string().trim().min(1).max(2000) }),
  },
  'notes.archive': {
    v: 1,
    allowed: 'author-or-manager',
    payload: z.object({ noteId: z.string().min(8).max(64) }),
  },
} as const satisfies Record<string, OperationSpec>

export const NOTES_METHODS = {
  'notes.post': {
    summary: 'post a shift note for everyone on the site',
    access: 'anyone',
    params: z.object({ text: z.string().trim().min(1).max(2000) }).strict(),
    result: Appended,
  },
  'notes.archive': {
    summary: 'archive a shift note (its author or a manager)',
    access: 'anyone',
    params: z.object({ noteId: z.string().min(8).max(64) }).strict(),
    result: Appended,
  },
  'notes.list': {
    summary: 'shift notes, newest first',
    access: 'anyone',
    params: z.object({ archived: z.boolean().default(false), limit: z.number().int().min(1).max(500).default(50) }).strict(),
    result: z.array(NoteRecord),
  },
} as const satisfies Record<string, MethodSpec>
