import { useStdin } from 'ink'
import { useEffect } from 'react'
import type { SocketClient } from '../../client/socket-client.js'
import type { KeyDispatcher } from '../keys/dispatcher.js'
import { KeyRouter } from '../keys/key-router.js'
import { PacedTarget } from '../keys/paced-target.js'
import type { ScanFrame } from '../keys/scan-frame.js'
import { ScanLog } from '../keys/scan-log.js'
import { SplitMender } from '../keys/split-mender.js'

/**
 * Feed the terminal's raw input through the scanner-aware router into the dispatcher, one key per
 * turn; a scan split by a stalled link is mended by asking the daemon whether head + tail is a code.
 */
export function useInputSource(
  dispatcher: KeyDispatcher,
  opts: { burstGapMs?: number; scanFrame?: ScanFrame | null; client?: SocketClient } = {},
): void {
  const { setRawMode, isRawModeSupported, internal_eventEmitter: input } = useStdin()
  const client = opts.client
  useEffect(() => {
    if (isRawModeSupported) setRawMode(true)
    const logFile = process.env.OUTPOST_SCAN_LOG
    const screens = logFile === undefined || logFile === '' ? dispatcher : new ScanLog(dispatcher, logFile)
    const known = async (code: string) => (client === undefined ? false : (await client.call('scan.resolve', { code })).kind !== 'unknown')
    const router = new KeyRouter(new PacedTarget(new SplitMender(screens, known)), {
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
  }, [dispatcher, input, isRawModeSupported, setRawMode, opts.burstGapMs, opts.scanFrame, client])
}
