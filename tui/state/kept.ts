import { createContext, useContext, useEffect, useRef } from 'react'

/**
 * What a screen keeps when the person goes back to the menu and returns: a half-filled Receive
 * form, the order being picked. One map for the app's lifetime (until sign-out), so a screen that
 * unmounts does not lose what was typed. Keyed by the screen's own name for the value.
 */
export const KeptContext = createContext<Map<string, unknown>>(new Map())

/**
 * `[initial, keep]`: the value kept under `key` (or `fallback`), read once at mount; `keep(v)`
 * stores the latest, and the hook stores it again at unmount from `latest()`.
 */
export function useKept<T>(key: string, fallback: T, latest: () => T): T {
  const kept = useContext(KeptContext)
  const initial = useRef<T>(kept.has(key) ? (kept.get(key) as T) : fallback)
  const read = useRef(latest)
  read.current = latest
  useEffect(() => () => void kept.set(key, read.current()), [kept, key])
  return initial.current
}
