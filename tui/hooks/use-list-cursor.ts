import { useRef, useState } from 'react'
import { Command } from '../keys/bindings.js'

export interface ListCursor {
  /** The highlighted row; read at the moment it is asked, so a key right after a move sees the move. */
  readonly selected: number
  /** Moves the cursor for Command.up / Command.down ; returns whether it handled the command. */
  move(command: string | null): boolean
  reset(): void
}

/**
 * The highlighted row of a list, kept inside the list as it grows and shrinks. The cursor lives in
 * a ref as well as in state: keys arrive one per turn of the event loop, and a `z` right after a
 * `j` must act on the row `j` moved to even when no frame was drawn between them (seen under load).
 */
export function useListCursor(length: number): ListCursor {
  const ref = useRef(0)
  const [, redraw] = useState(0)
  const lengthRef = useRef(length)
  lengthRef.current = length
  const clamp = (i: number) => Math.max(0, Math.min(i, lengthRef.current - 1))
  const set = (i: number) => {
    ref.current = clamp(i)
    redraw((n) => n + 1)
  }
  return {
    get selected() {
      return clamp(ref.current)
    },
    move(command) {
      const at = clamp(ref.current)
      if (command === Command.up) set(at - 1)
      else if (command === Command.down) set(at + 1)
      else return false
      return true
    },
    reset: () => set(0),
  }
}
