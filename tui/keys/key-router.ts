import { tokenize, type Key } from './tokenize.js'

export interface RouterTarget {
  key(key: Key): void
  scan(code: string): void
}

export interface KeyRouterOptions {
  /** Characters closer together than this belong to one burst (a scanner types ~10 ms apart). */
  burstGapMs?: number
  /** A burst shorter than this, ended by Enter, is typing, not a scan. */
  minScanLength?: number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
  /** Runs `fn` once input that is already waiting has been read (setImmediate: after the I/O poll). */
  afterPendingInput?: (fn: () => void) => void
}

/**
 * Tells a scanner from a person. A USB scanner is a keyboard that types a whole code in a burst
 * and presses Enter. Printable characters are held while they keep coming fast; Enter at the
 * end of such a burst delivers the whole code as one scan. If the burst stops without Enter
 * (a person typing, or a single command key), the held characters go out as ordinary keys.
 *
 * It lives outside React and holds characters in a plain buffer, so nothing is lost or split
 * while a screen renders: a scan reaches the screen whole, in one call.
 */
export class KeyRouter {
  private held = ''
  private timer: unknown = null
  private readonly gap: number
  private readonly minScan: number
  private readonly setTimer: (fn: () => void, ms: number) => unknown
  private readonly clearTimer: (timer: unknown) => void
  private readonly afterPendingInput: (fn: () => void) => void
  /** Bumped by every character: a release decided before a later character arrived is void. */
  private generation = 0

  constructor(
    private readonly target: RouterTarget,
    opts: KeyRouterOptions = {},
  ) {
    this.gap = opts.burstGapMs ?? 50
    this.minScan = opts.minScanLength ?? 3
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
    this.clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout))
    this.afterPendingInput = opts.afterPendingInput ?? ((fn) => setImmediate(fn))
  }

  push(chunk: string): void {
    for (const key of tokenize(chunk)) {
      if (key.name === 'char') {
        this.held += key.char
        this.restartTimer()
      } else if (key.name === 'return' && this.held.length >= this.minScan) {
        const code = this.held
        this.held = ''
        this.stopTimer()
        this.target.scan(code)
      } else {
        this.release()
        this.target.key(key)
      }
    }
  }

  /** Deliver held characters as keys: the burst ended without Enter. */
  release(): void {
    this.stopTimer()
    const held = this.held
    this.held = ''
    for (const char of held) this.target.key({ name: 'char', char })
  }

  dispose(): void {
    this.stopTimer()
  }

  private restartTimer(): void {
    this.stopTimer()
    const generation = ++this.generation
    this.timer = this.setTimer(() => {
      this.timer = null
      // When the event loop was busy (a render) for longer than the gap, the timer is due before
      // the characters that came meanwhile are read: those are read first, and they keep the
      // burst whole. Only a real pause in the input releases the held characters as keys.
      this.afterPendingInput(() => {
        if (generation === this.generation) this.release()
      })
    }, this.gap)
  }

  private stopTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer)
    this.timer = null
  }
}
