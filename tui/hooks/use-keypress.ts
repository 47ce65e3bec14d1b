import { useEffect, useRef } from 'react'
import { Layer, type KeyHandler } from '../keys/dispatcher.js'
import { useDispatcher } from '../state/contexts.js'

/** Register a key handler; it returns true when it consumed the key. */
export function useKeypress(handler: KeyHandler, opts: { isActive?: boolean; priority?: number } = {}): void {
  const dispatcher = useDispatcher()
  const handlerRef = useRef(handler)
  const activeRef = useRef(opts.isActive ?? true)
  handlerRef.current = handler
  activeRef.current = opts.isActive ?? true
  const priority = opts.priority ?? Layer.screen
  useEffect(() => dispatcher.register({ priority, key: handlerRef, active: activeRef }), [dispatcher, priority])
}
