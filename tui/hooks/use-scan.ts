import type { ScanHandler } from '../keys/dispatcher.js'
import { useDispatcherLayer, type LayerOptions } from './use-dispatcher-layer.js'

/** Register the screen's scan handler: it receives each scanned code whole. */
export function useScan(handler: ScanHandler, opts: LayerOptions = {}): void {
  useDispatcherLayer('scan', handler, opts)
}
