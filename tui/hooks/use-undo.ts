import { useCallback, useEffect, useState } from 'react'

/** How long after a scan or an entry the person may still undo it: long enough to notice, short enough to be one's own. */
export const UNDO_WINDOW_MS = 2 * 60_000

export interface Undoable {
  /** What undo would take back, as the person reads it ("pick of R-000101"). */
  what: string
  /** When it was done (Date.now()). */
  at: number
  /** Sends the compensating operation; rejects with the fold's reason when the domain refuses. */
  run(): Promise<unknown>
}

export interface Undo {
  /** The last undoable thing this person did on this screen, while the window is open. */
  last: Undoable | null
  /** Remember something just done (replaces the one before: only the last can be undone). */
  did(u: Omit<Undoable, 'at'>): void
  /** Undo it: the promise says what happened, as one line. */
  undo(): Promise<{ error: boolean; text: string }>
}

/**
 * Undo of a person's own last scan or entry, within a short window. The undo is a new
 * operation (picking.unpick, counting.unscan, stock.unreceive), never an edit of the log, and
 * its fold guards decide whether it still holds: a roll that was shipped meanwhile cannot be
 * un-received. The window and "own" are this terminal's: only what this session did, recently.
 */
export function useUndo(now: () => number = Date.now): Undo {
  const [last, setLast] = useState<Undoable | null>(null)
  const [, tick] = useState(0)
  // the offer lapses on its own: redraw when the window closes
  useEffect(() => {
    if (last === null) return
    const timer = setTimeout(() => tick((t) => t + 1), Math.max(0, last.at + UNDO_WINDOW_MS - now()) + 10)
    return () => clearTimeout(timer)
  }, [last, now])
  const open = last !== null && now() - last.at < UNDO_WINDOW_MS ? last : null
  const did = useCallback((u: Omit<Undoable, 'at'>) => setLast({ ...u, at: now() }), [now])
  const undo = useCallback(async () => {
    if (open === null) return { error: true, text: 'nothing to undo (only your last scan, for 2 minutes)' }
    try {
      await open.run()
      setLast(null)
      return { error: false, text: `undone: ${open.what}` }
    } catch (err) {
      setLast(null)
      return { error: true, text: `cannot undo ${open.what}: ${(err as Error).message}` }
    }
  }, [open])
  return { last: open, did, undo }
}
