import type { KeyHandler } from '../keys/dispatcher.js'
import { useDispatcherLayer, type LayerOptions } from './use-dispatcher-layer.js'

/** Register a key handler; it returns true when it consumed the key. */
export function useKeypress(handler: KeyHandler, opts: LayerOptions = {}): void {
  useDispatcherLayer('key', handler, opts)
}
