import { processesGone } from './processes.js'
import { OUTPOST_BIN, tempDataDir } from './daemon-process.js'
import { TmuxSession } from './tmux.js'

/** The demo's people (demo/demo-site.ts), as their menu title names them. */
const DEMO_PEOPLE: Record<string, { pin: string; name: string }> = {
  ana: { pin: '2222', name: 'Ana Silva' },
  mia: { pin: '1111', name: 'Mia Demir' },
  kemal: { pin: '3333', name: 'Kemal' },
}

export interface DemoTerminal {
  t: TmuxSession
  dataDir: string
  /** Stop the terminal (the TUI and the daemon it started) and remove the data dir. */
  close: () => Promise<void>
}

/**
 * `outpost --demo` in a real terminal on a fresh data dir, signed in as a demo person: the start
 * every TUI tmux test made by hand. `args` go before the data dir (`--scan-gap 120`), `command`
 * after it (`kitchen --station grill`); `ready` is what the sign-in screen must show besides
 * "Sign in" (the printer ready, say). It waits for the person's menu, or `landing` (the kitchen
 * board opens straight after sign-in). People type `gapMs` apart, well clear of the scan gap.
 */
export async function demoSignedIn(
  name: string,
  person: keyof typeof DEMO_PEOPLE,
  opts: {
    args?: string[]
    command?: string[]
    width?: number
    height?: number
    env?: Record<string, string>
    ready?: string
    landing?: (screen: string) => boolean
    gapMs?: number
  } = {},
): Promise<DemoTerminal> {
  const tmp = await tempDataDir()
  const { pin, name: shown } = DEMO_PEOPLE[person]!
  const command = [process.execPath, OUTPOST_BIN, '--demo', ...(opts.args ?? []), '--data-dir', tmp.dir, ...(opts.command ?? [])]
  const t = TmuxSession.start(`${name}-${process.pid}`, command.join(' '), {
    width: opts.width ?? 80,
    height: opts.height ?? 24,
    env: { NO_COLOR: '1', TERM: 'xterm-256color', ...opts.env },
  })
  const close = async () => {
    t.kill()
    // the daemon the TUI started stops with it: wait, or its files go while it still writes them
    await processesGone(tmp.dir, 'the demo daemon to stop').catch(() => undefined)
    await tmp.remove()
  }
  try {
    const ready = opts.ready ?? 'Demo stock room'
    // the TUI starts slowly beside busy neighbours (busy-neighbours.ts): a minute and a half
    await t.waitFor((s) => s.includes('Sign in') && s.includes(ready), 'the sign-in screen', 90_000)
    await t.signIn(person, pin, opts.gapMs ?? 300)
    const landing = opts.landing ?? ((s: string) => new RegExp(`Menu . ${shown}`).test(s))
    await t.waitFor(landing, `${person} signed in`, 30_000)
    return { t, dataDir: tmp.dir, close }
  } catch (err) {
    await close()
    throw err
  }
}
