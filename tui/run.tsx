import { render } from 'ink'
import type React from 'react'
import { App, type AppProps } from './app.js'
import { FirstRunApp, type FirstRunOutcome, type FirstRunProps } from './screens/first-run.js'
import type { NumberStyle } from '../protocol/index.js'

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H'
const LEAVE_ALT_SCREEN = '\u001b[?25h\u001b[?1049l'

/**
 * Run the TUI in the terminal's alternate screen until the person quits. The terminal is put back
 * (main screen, cursor, cooked mode) on quit, on SIGTERM/SIGHUP, and on a crash: `restore` is
 * idempotent and also hooked to process exit.
 */
export async function runTui(props: AppProps): Promise<void> {
  await inAlternateScreen(<App {...props} />)
}

/** The first-run choice for a new data dir: found a site, or join one with a code. */
export async function runFirstRun(
  props: Omit<FirstRunProps, 'done'>,
): Promise<{ outcome: FirstRunOutcome; numberStyle: NumberStyle | null }> {
  let outcome: FirstRunOutcome = 'quit'
  let numberStyle: NumberStyle | null = null
  await inAlternateScreen(
    <FirstRunApp
      {...props}
      done={(o, style) => {
        outcome = o
        numberStyle = style ?? null
      }}
    />,
  )
  return { outcome, numberStyle }
}

async function inAlternateScreen(tree: React.ReactElement): Promise<void> {
  const out = process.stdout
  let restored = false
  const restore = () => {
    if (restored) return
    restored = true
    if (process.stdin.isTTY) process.stdin.setRawMode(false)
    out.write(LEAVE_ALT_SCREEN)
  }
  out.write(ENTER_ALT_SCREEN)
  process.on('exit', restore)
  const instance = render(tree, { exitOnCtrlC: false, patchConsole: true })
  const stop = () => instance.unmount()
  process.once('SIGTERM', stop)
  process.once('SIGHUP', stop)
  try {
    await instance.waitUntilExit()
  } finally {
    instance.cleanup()
    restore()
    process.off('SIGTERM', stop)
    process.off('SIGHUP', stop)
    process.off('exit', restore)
  }
}
