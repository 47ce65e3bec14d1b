import { render, type Instance } from 'ink'
import type React from 'react'
import { App, type AppProps } from './app.js'
import { FirstRunApp, type FirstRunOutcome, type FirstRunProps } from './screens/first-run.js'
import type { NumberStyle } from '../protocol/index.js'
import { toAscii, utf8Terminal } from './components/glyphs.js'
import { BRACKETED_PASTE_OFF, BRACKETED_PASTE_ON } from './keys/paste.js'

// with bracketed paste on: a paste comes marked, and is typed as text, never as Enter keys (KeyRouter)
const ENTER_ALT_SCREEN = `\u001b[?1049h\u001b[H${BRACKETED_PASTE_ON}`
const LEAVE_ALT_SCREEN = `${BRACKETED_PASTE_OFF}\u001b[?25h\u001b[?1049l`

/**
 * Run the TUI in the terminal's alternate screen until the person quits. The terminal is put back
 * (main screen, cursor, cooked mode) on quit, on SIGTERM, and on a crash: `restore` is
 * idempotent and also hooked to process exit. On a hangup (SIGHUP, or a write that fails with
 * EIO: the SSH link dropped) the terminal is gone, and the TUI ends without touching it.
 */
export async function runTui(props: AppProps): Promise<'quit' | 'hangup'> {
  return (await inAlternateScreen(<App {...props} />)) ? 'hangup' : 'quit'
}

/** The first-run choice for a new data dir: found a site, or join one with a code. */
export async function runFirstRun(
  props: Omit<FirstRunProps, 'done'>,
): Promise<{ outcome: FirstRunOutcome | 'hangup'; numberStyle: NumberStyle | null }> {
  let outcome: FirstRunOutcome = 'quit'
  let numberStyle: NumberStyle | null = null
  const hungUp = await inAlternateScreen(
    <FirstRunApp
      {...props}
      done={(o, style) => {
        outcome = o
        numberStyle = style ?? null
      }}
    />,
  )
  return { outcome: hungUp ? 'hangup' : outcome, numberStyle }
}

/**
 * The terminal's stdout with every write made ASCII (components/glyphs.ts): for a locale that is
 * not UTF-8 (LANG=C), whatever any screen draws. Everything else (size, resize events, isTTY) is
 * the terminal's own.
 */
function asciiStdout(out: NodeJS.WriteStream): NodeJS.WriteStream {
  const write = (chunk: unknown, ...rest: unknown[]): boolean =>
    (out.write as (c: unknown, ...r: unknown[]) => boolean)(typeof chunk === 'string' ? toAscii(chunk) : chunk, ...rest)
  return new Proxy(out, {
    get(target, prop) {
      if (prop === 'write') return write
      const value: unknown = Reflect.get(target, prop, target)
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
}

/** Errors a terminal gives once its far end has hung up. */
const HANGUP_ERRORS = new Set(['EIO', 'EPIPE', 'ENXIO', 'EBADF'])

/** Runs the tree until it exits; true when it ended because the terminal hung up. */
async function inAlternateScreen(tree: React.ReactElement): Promise<boolean> {
  const out = process.stdout
  let restored = false
  let terminalGone = false
  const restore = () => {
    if (restored) return
    restored = true
    // Writing to (or setting the mode of) a hung-up terminal fails with EIO; unhandled, that
    // error crashed the TUI (seen: exit by SIGSEGV or SIGABRT on Node 20 after an SSH link dropped).
    if (terminalGone) return
    if (process.stdin.isTTY) process.stdin.setRawMode(false)
    out.write(LEAVE_ALT_SCREEN)
  }
  out.write(ENTER_ALT_SCREEN)
  process.on('exit', restore)
  let instance: Instance | null = null
  const stop = () => instance?.unmount()
  const hangup = () => {
    terminalGone = true
    // not from inside the write or the React effect that met the error: on the next turn
    setImmediate(stop)
  }
  // Ink's render after a hangup writes to the dead terminal: the write fails asynchronously, as an
  // 'error' event on the stream; setting raw mode fails the same way on stdin. Such an error means
  // the person's terminal went away, nothing else. The listeners are in place before the first
  // render: the raw-mode switch of the first render met a hangup that came in between (seen).
  const onStreamError = (err: NodeJS.ErrnoException) => {
    if (err.code !== undefined && HANGUP_ERRORS.has(err.code)) return hangup()
    throw err
  }
  out.on('error', onStreamError)
  process.stdin.on('error', onStreamError)
  // `on`, not `once`: Ink's signal-exit re-raises a signal when no other listener is left by the
  // time its own runs, which killed the TUI before it put the terminal back (seen on SIGTERM).
  process.on('SIGTERM', stop)
  process.on('SIGHUP', hangup)
  instance = render(tree, { exitOnCtrlC: false, patchConsole: true, ...(utf8Terminal() ? {} : { stdout: asciiStdout(out) }) })
  try {
    await instance.waitUntilExit()
  } finally {
    if (!terminalGone) instance.cleanup()
    restore()
    process.off('SIGTERM', stop)
    process.off('SIGHUP', hangup)
    process.off('exit', restore)
    // the listeners stay: a write Ink queued before the unmount can still fail after it
  }
  return terminalGone
}
