import { useCallback, useRef, useState } from 'react'
import { useStdout } from 'ink'
import { useScan } from './use-scan.js'

export interface ScanOutcome {
  code: string
  ok: boolean
  text: string
}

export interface ScanQueue {
  /** Scans received, and how many of them the daemon has answered. */
  received: number
  done: number
  refused: number
  last: ScanOutcome | null
  /** The latest refusal, kept on screen after later scans went through. */
  lastRefused: ScanOutcome | null
  /** Queue a code typed by hand, exactly as a scan. */
  push: (code: string) => void
}

/**
 * Scans are handled one at a time, in the order they came, however fast they come: a scan that
 * arrives while the daemon is answering the previous one waits its turn, so none is lost, merged
 * or reordered. A refused scan is shown in red and rings the terminal's bell.
 */
export function useScanQueue(handle: (code: string) => Promise<string>, opts: { isActive?: boolean } = {}): ScanQueue {
  const { write } = useStdout()
  const chain = useRef<Promise<void>>(Promise.resolve())
  const latest = useRef(handle)
  latest.current = handle
  const [counts, setCounts] = useState({ received: 0, done: 0, refused: 0 })
  const [last, setLast] = useState<ScanOutcome | null>(null)
  const [lastRefused, setLastRefused] = useState<ScanOutcome | null>(null)
  const push = useCallback(
    (raw: string) => {
      const code = raw.trim()
      if (code === '') return
      setCounts((c) => ({ ...c, received: c.received + 1 }))
      chain.current = chain.current.then(() =>
        latest.current(code).then(
          (text) => {
            setCounts((c) => ({ ...c, done: c.done + 1 }))
            setLast({ code, ok: true, text })
          },
          (err: Error) => {
            setCounts((c) => ({ ...c, done: c.done + 1, refused: c.refused + 1 }))
            // one object for both: a screen shows "earlier: ..." only for a refusal that is not
            // the last outcome (seen: every pick refusal was shown twice, issue #21)
            const refusal = { code, ok: false, text: err.message }
            setLast(refusal)
            setLastRefused(refusal)
            write('\u0007')
          },
        ),
      )
    },
    [write],
  )
  useScan(push, opts.isActive === undefined ? {} : { isActive: opts.isActive })
  return { ...counts, last, lastRefused, push }
}
