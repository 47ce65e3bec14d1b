import type Hyperbee from 'hyperbee'
import type { Hlc, NoteRecord } from '../../protocol/index.js'
import { ARCHIVED_NOTE_RANGE, NOTE_RANGE } from './keys.js'
import { newestFirst } from './read.js'

export interface NoteState {
  id: string
  text: string
  person: string
  node: string
  hlc: Hlc
  archived: boolean
}

/** Shift notes, open or archived. */
export class NotesReader {
  constructor(private readonly bee: Hyperbee) {}

  notes(opts: { archived: boolean; limit: number }): Promise<NoteRecord[]> {
    return newestFirst<NoteState>(this.bee, opts.archived ? ARCHIVED_NOTE_RANGE : NOTE_RANGE, opts.limit, null)
  }
}
