import { useCallback, useState } from 'react'
import { Command } from '../keys/bindings.js'

export interface ListCursor {
  selected: number
  /** Moves the cursor for Command.up / Command.down; returns whether it handled the command. */
  move(command: string | null): boolean
  reset(): void
}

/** The highlighted row of a list, kept inside the list as it grows and shrinks. */
export function useListCursor(length: number): ListCursor {
  const [cursor, setCursor] = useState(0)
  const selected = Math.max(0, Math.min(cursor, length - 1))
  const move = useCallback(
    (command: string | null) => {
      if (command === Command.up) setCursor((i) => Math.max(0, Math.min(i, length - 1) - 1))
      else if (command === Command.down) setCursor((i) => Math.min(length - 1, i + 1))
      else return false
      return true
    },
    [length],
  )
  return { selected, move, reset: () => setCursor(0) }
}
