import { useEffect, useRef } from 'react'
import { Layer, type KeyHandler, type ScanHandler } from '../keys/dispatcher.js'
import { useDispatcher } from '../state/contexts.js'

export interface LayerOptions {
  isActive?: boolean
  priority?: number
  /** A text field's keys: what it takes is typed text, which Backspace undoes (not a command). */
  takesText?: boolean
}

/**
 * Register a key or scan handler with the dispatcher for the component's lifetime. The handler
 * and the active flag are kept in refs, so the latest ones run without re-registering each render.
 */
export function useDispatcherLayer(kind: 'key', handler: KeyHandler, opts: LayerOptions): void
export function useDispatcherLayer(kind: 'scan', handler: ScanHandler, opts: LayerOptions): void
export function useDispatcherLayer(kind: 'key' | 'scan', handler: KeyHandler | ScanHandler, opts: LayerOptions): void {
  const dispatcher = useDispatcher()
  const handlerRef = useRef(handler)
  const activeRef = useRef(opts.isActive ?? true)
  handlerRef.current = handler
  activeRef.current = opts.isActive ?? true
  const priority = opts.priority ?? Layer.screen
  const takesText = opts.takesText === true
  useEffect(
    () =>
      kind === 'key'
        ? dispatcher.register({ priority, key: handlerRef as { current: KeyHandler }, active: activeRef, takesText })
        : dispatcher.register({ priority, scan: handlerRef as { current: ScanHandler }, active: activeRef }),
    [dispatcher, priority, kind, takesText],
  )
}
