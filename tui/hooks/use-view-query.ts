import { useEffect, useRef, useState } from 'react'
import { useAppState } from '../state/contexts.js'

export interface ViewQuery<T> {
  data: T | null
  error: string | null
}

/**
 * Load something from the daemon, and load it again whenever the view changes (the daemon pushes
 * the change; the status it carries has the new view seq), and on each new connection to it (a
 * restarted daemon may be at the same seq, with what was written meanwhile by others to come).
 * Late answers never overwrite newer ones.
 */
export function useViewQuery<T>(load: () => Promise<T>, deps: readonly unknown[]): ViewQuery<T> {
  const { status, connection } = useAppState()
  const [state, setState] = useState<ViewQuery<T>>({ data: null, error: null })
  const generation = useRef(0)
  const seq = status?.view.seq ?? -1
  useEffect(() => {
    const mine = ++generation.current
    load().then(
      (data) => mine === generation.current && setState({ data, error: null }),
      (err: unknown) =>
        mine === generation.current && setState((s) => ({ data: s.data, error: err instanceof Error ? err.message : String(err) })),
    )
  }, [seq, connection.generation, ...deps])
  return state
}
