import type { Hlc, NumberStyle, Operation, OperationType, Role } from '../../protocol/index.js'
import type { ViewWriter } from '../view/view-writer.js'

/** A person as the view keeps them; the PIN hash never leaves the daemon. */
export interface PersonState {
  id: string
  name: string
  role: Role
  active: boolean
  pinHash: string
  /** SHA-256 of the secret on the person's two-factor badge, hex; absent until one is issued. */
  badgeHash?: string
}

export interface WriterState {
  key: string
  name: string
  swarmKey: string
  removed: boolean
  addedBy: string
  removedBy?: string
  removedAt?: number
}

export interface SiteState {
  name: string
  founder: string
  genesisDone: boolean
  /** How the site writes numbers; absent on sites founded before site.create v2. */
  numberStyle?: NumberStyle
}

export interface NoteState {
  id: string
  text: string
  person: string
  node: string
  hlc: Hlc
  archived: boolean
}

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
