import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { eventually } from './eventually.js'

/** The menu's title, "Menu — Ana Silva" ("Menu - " where the locale is ASCII); not the kitchen's "Menu" item. */
const MENU_TITLE = /Menu [—-] \S/

/** A program running in a real terminal: a detached tmux session of a given size. */
export class TmuxSession {
  private constructor(readonly name: string) {}

  static start(name: string, command: string, opts: { width: number; height: number; env?: Record<string, string> }): TmuxSession {
    const env = Object.entries(opts.env ?? {})
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(' ')
    execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', String(opts.width), '-y', String(opts.height), `env ${env} ${command}`])
    return new TmuxSession(name)
  }

  /** The demo site's TUI (`outpost --demo`) at 80x24, colours off, with `args` before the data dir. */
  static startDemo(name: string, bin: string, dataDir: string, args: string[] = []): TmuxSession {
    return TmuxSession.start(name, [process.execPath, bin, '--demo', ...args, '--data-dir', dataDir].join(' '), {
      width: 80,
      height: 24,
      env: { NO_COLOR: '1', TERM: 'xterm-256color' },
    })
  }

  /** Type a person id and a PIN at the sign-in screen, each followed by Enter, keys `gapMs` apart. */
  async signIn(person: string, pin: string, gapMs: number): Promise<void> {
    await this.type(person, gapMs)
    this.key('Enter')
    await this.type(pin, gapMs)
    this.key('Enter')
  }

  /** The visible screen; with `escapes`, including the colour and style codes. */
  screen(opts: { escapes?: boolean } = {}): string {
    return execFileSync('tmux', ['capture-pane', '-p', ...(opts.escapes === true ? ['-e'] : []), '-t', this.name], { encoding: 'utf8' })
  }

  /** The whole scrollback and the screen: every line the pane still holds. */
  history(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-S', '-', '-t', this.name], { encoding: 'utf8' })
  }

  /** tmux's own view of the terminal: alternate screen on, cursor shown. */
  flag(format: string): string {
    return execFileSync('tmux', ['display-message', '-p', '-t', this.name, format], { encoding: 'utf8' }).trim()
  }

  /** Type literal text, one key per `tmux send-keys`, `gapMs` apart. */
  async type(text: string, gapMs: number): Promise<void> {
    for (const ch of text) {
      execFileSync('tmux', ['send-keys', '-t', this.name, '-l', ch])
      await new Promise((r) => setTimeout(r, gapMs))
    }
  }

  /**
   * Paste text as a terminal does: the whole of it in one write, through a tmux buffer. For a
   * long text a person would paste (a file's path): typed a key per \`tmux send-keys\` process it
   * took minutes under load, and each key was a burst of its own to the scanner's timing.
   */
  paste(text: string): void {
    const buffer = `paste-${this.name}`
    execFileSync('tmux', ['set-buffer', '-b', buffer, '--', text])
    execFileSync('tmux', ['paste-buffer', '-d', '-b', buffer, '-t', this.name])
  }

  /** A tmux control-mode client, kept open for `scan`: one command per key, no process per key. */
  private control: ChildProcess | null = null

  private controlClient(): ChildProcess {
    this.control ??= spawn('tmux', ['-C', 'attach-session', '-t', this.name], { stdio: ['pipe', 'ignore', 'ignore'] })
    return this.control
  }

  /**
   * A scanner: the code at `charsPerSecond`, on a schedule, then Enter. The keys go through one
   * control-mode client: a `tmux send-keys` process per key took over 50 ms under a loaded CI
   * run, and split the burst the way no USB scanner does.
   */
  async scan(
    code: string,
    charsPerSecond = 100,
    /** A scanner's prefix (sent first, at the same pace); a stall of `stallMs` before character `stallAt`; an Enter `enterLateMs` late. */
    opts: { prefix?: string; stallAt?: number; stallMs?: number; enterLateMs?: number } = {},
  ): Promise<void> {
    const control = this.controlClient()
    let clock = Date.now()
    const keys = [...(opts.prefix ?? ''), ...code]
    const stallAt = opts.stallAt === undefined ? -1 : (opts.prefix ?? '').length + opts.stallAt
    for (let i = 0; i < keys.length; i++) {
      if (i === stallAt) clock += opts.stallMs ?? 0
      clock += 1000 / charsPerSecond
      if (clock > Date.now()) await new Promise((r) => setTimeout(r, clock - Date.now()))
      control.stdin!.write(`send-keys -t ${this.name} -l ${JSON.stringify(keys[i])}\n`)
    }
    clock += opts.enterLateMs ?? 0
    if (clock > Date.now()) await new Promise((r) => setTimeout(r, clock - Date.now()))
    control.stdin!.write(`send-keys -t ${this.name} Enter\n`)
  }

  /**
   * Open a menu item as a person does, by its number, read off the menu on screen (numbers are the
   * whole menu's, gaps and all, and a kitchen hand's menu starts elsewhere: counting keys or the
   * registry's order missed). A label scrolled out of a small terminal's menu is brought into view
   * with Down first. Digits go `gapMs` apart (two digits past 9); then it waits for the menu to go,
   * so what the test sends next (a scan) does not join the number.
   */
  async openMenu(label: string, gapMs = 300): Promise<void> {
    const pattern = new RegExp(`(?:^|\\s)(\\d+)  ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\s|$)`)
    const lineOf = (screen: string) =>
      screen
        .split('\n')
        .map((l) => pattern.exec(l))
        .find((m) => m !== null)
    await this.waitFor((s) => MENU_TITLE.test(s), `the menu, to open ${label}`)
    // the menu's key handler registers just after its first frame (a big terminal draws longer):
    // a digit sent before is lost (seen at 160x48: "12" opened 2). A Down that moves the
    // selection proves it listens; one lost is sent again
    for (let tries = 1; ; tries++) {
      const before = this.screen({ escapes: true })
      this.key('Down')
      try {
        await eventually(() => this.screen({ escapes: true }) !== before, 'the menu to answer Down', { timeoutMs: 3_000, intervalMs: 25 })
        break
      } catch (err) {
        if (tries >= 10) throw err
      }
    }
    let screen = this.screen()
    for (let down = 0; lineOf(screen) === undefined; down++) {
      if (down >= 40) throw new Error(`${label} is not in the menu:\n${screen}`)
      // the selection moves in inverse video before the list scrolls: compare with the escapes
      const before = this.screen({ escapes: true })
      this.key('Down')
      await this.waitFor((s) => s !== before, `the menu's selection to move towards ${label}`, 15_000, { escapes: true })
      screen = this.screen()
    }
    // the digits through the control client, on a schedule: a \`tmux send-keys\` process per key took
    // over the menu's 600 ms wait for a second digit under load, and "12" opened item 1
    const control = this.controlClient()
    for (const digit of lineOf(screen)![1]!) {
      control.stdin!.write(`send-keys -t ${this.name} -l ${digit}\n`)
      await new Promise((r) => setTimeout(r, gapMs))
    }
    await this.waitFor((s) => !MENU_TITLE.test(s), `the menu to go, ${label} opening`, 30_000)
  }

  key(name: string): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, name])
  }

  /** Wait until the screen shows what `test` wants; `escapes` keeps the colour and inverse-video codes. */
  async waitFor(test: (screen: string) => boolean, what: string, timeoutMs = 15_000, opts: { escapes?: boolean } = {}): Promise<string> {
    return eventually(() => this.screen(opts), what, { ok: test, timeoutMs, intervalMs: 25, show: (screen) => `screen:\n${screen}` })
  }

  /**
   * Wait until the screen has stayed the same for `quietMs` (bounded): a screen that loads a list
   * or a chart after its first frame has drawn it then. A condition, not a fixed pause: a screen
   * that is done at once costs `quietMs`, one still loading is waited for.
   */
  async settled(quietMs = 500, timeoutMs = 15_000, opts: { escapes?: boolean } = {}): Promise<string> {
    let last = ''
    let since = Date.now()
    return eventually(
      () => {
        const now = this.screen(opts)
        if (now !== last) [last, since] = [now, Date.now()]
        return now
      },
      `the screen to stay the same for ${quietMs} ms`,
      { ok: () => Date.now() - since >= quietMs, timeoutMs, intervalMs: 25, show: (screen) => `screen:\n${screen}` },
    )
  }

  kill(): void {
    this.control?.kill()
    this.control = null
    try {
      execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' })
    } catch {
      // already gone
    }
  }
}
