import { useEffect, useRef } from 'react'
import { Layer, type ScanHandler } from '../keys/dispatcher.js'
import { useDispatcher } from '../state/contexts.js'

/** Register the screen's scan handler: it receives each scanned code whole. */
export function useScan(handler: ScanHandler, opts: { isActive?: boolean; priority?: number } = {}): void {
  const dispatcher = useDispatcher()
  const handlerRef = useRef(handler)
  const activeRef = useRef(opts.isActive ?? true)
  handlerRef.current = handler
  activeRef.current = opts.isActive ?? true
  const priority = opts.priority ?? Layer.screen
  useEffect(() => dispatcher.register({ priority, scan: handlerRef, active: activeRef }), [dispatcher, priority])
}
