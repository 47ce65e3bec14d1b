import { useStdin } from 'ink'
import { useEffect } from 'react'
import type { KeyDispatcher } from '../keys/dispatcher.js'
import { KeyRouter } from '../keys/key-router.js'
import { PacedTarget } from '../keys/paced-target.js'
import type { ScanFrame } from '../keys/scan-frame.js'

/** Feed the terminal's raw input through the scanner-aware router into the dispatcher, one key per turn. */
export function useInputSource(dispatcher: KeyDispatcher, opts: { burstGapMs?: number; scanFrame?: ScanFrame | null } = {}): void {
  const { setRawMode, isRawModeSupported, internal_eventEmitter: input } = useStdin()
  useEffect(() => {
    if (isRawModeSupported) setRawMode(true)
    const router = new KeyRouter(new PacedTarget(dispatcher), {
      ...(opts.burstGapMs === undefined ? {} : { burstGapMs: opts.burstGapMs }),
      frame: opts.scanFrame ?? null,
    })
    const onInput = (chunk: string) => router.push(chunk)
    input.on('input', onInput)
    return () => {
      input.off('input', onInput)
      router.dispose()
      if (isRawModeSupported) setRawMode(false)
    }
  }, [dispatcher, input, isRawModeSupported, setRawMode, opts.burstGapMs, opts.scanFrame])
}
