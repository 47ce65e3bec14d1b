import type { Operation, OperationType } from '../../protocol/index.js'
import type { WriterState } from '../view/mesh-reader.js'
import type { NoteState } from '../view/notes-reader.js'
import type { PersonState } from '../view/people-reader.js'
import type { SiteState } from '../view/system-reader.js'
import type { ViewWriter } from '../view/view-writer.js'

// the records the fold writes are the view's (daemon/view/<capability>-reader.ts): handlers import them from here
export type { NoteState, PersonState, SiteState, WriterState }

/** What a handler may do to the base besides writing the view: add and remove writers. */
export interface WriterHost {
  addWriter(key: string): Promise<void>
  removeWriter(key: string): Promise<void>
  removeable(key: string): boolean
}

/**
 * The host for folding outside Autobase (the dry run, verify's re-fold): it adds and removes no
 * writer, and answers `removeable` as Autobase does here: the founder is the site's only indexer,
 * and the last indexer can never be removed.
 */
export function offlineHost(founder: string | null): WriterHost {
  return {
    addWriter: async () => {},
    removeWriter: async () => {},
    removeable: (key) => key !== founder,
  }
}

export interface FoldContext<T extends OperationType> {
  view: ViewWriter
  op: Operation<T>
  /** The person who made it; null for the node itself (`@system`, genesis only). */
  actor: PersonState | null
  host: WriterHost
}

/** Thrown by a handler whose guard refuses the operation; the fold records it as rejected. */
export class Rejection extends Error {
  constructor(
    readonly reason: string,
    /** forbidden: the person may not do this; conflict: the state does not allow it. */
    readonly kind: RejectionKind = 'conflict',
    /**
     * What the rule keeps of its refusal, written after the handler's writes are taken back, with
     * the id of the conflict that lists it (a bump refused on a hold: ticket-cancel.ts).
     */
    readonly kept?: (view: ViewWriter, conflict: string) => Promise<void>,
  ) {
    super(reason)
  }
}
export type RejectionKind = 'conflict' | 'forbidden'

export function reject(reason: string, kind: RejectionKind = 'conflict'): never {
  throw new Rejection(reason, kind)
}

/**
 * A handler checks its guards first and writes after, so a rejection leaves no partial write.
 * It reads only the operation and the view: that keeps the fold deterministic on every node.
 */
export type Handler<T extends OperationType> = (ctx: FoldContext<T>) => Promise<void>
export type HandlerTable = { [T in OperationType]: Handler<T> }
/** A capability's handlers: one for each operation its protocol module declares. */
export type HandlersOf<Ops> = { [T in keyof Ops & OperationType]: Handler<T> }
