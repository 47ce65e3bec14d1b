import { prefixMatch, type ScanFrame } from './scan-frame.js'
import { PasteReader, pastedLine, type InputPart } from './paste.js'
import { tokenize, type Key } from './tokenize.js'

/**
 * Characters the timing mode let go as keys because no Enter came after them: over a link that
 * stalls, they may be the head of a scan whose tail comes next (see SplitMender).
 */
export interface ReleasedBurst {
  id: number
  text: string
  /**
   * The burst that came just before this one (within `quietBeforeHeadMs`), if any: a person typing
   * a code character by character makes each a burst right after another. -1: one the router did
   * not release as a burst.
   */
  after?: number
  /** The burst released just before this one, within the split window: a code split twice. */
  head?: ReleasedBurst
}

export interface RouterTarget {
  /** `burst`: the key is one of a burst released without Enter. */
  key(key: Key, burst?: ReleasedBurst): void
  /**
   * `split.head`: the burst released just before this scan, which may be the scan's own head.
   * `framed`: it came between the scanner's prefix and suffix, so it is a scan whatever it holds.
   */
  scan(code: string, split?: { head: ReleasedBurst }, framed?: boolean): void
  /** Characters at a scanner's pace that no Enter ended within the late-Enter wait: never command keys. */
  unended(code: string): void
}

export interface KeyRouterOptions {
  /** Characters closer together than this belong to one burst (a scanner types ~1-10 ms apart). */
  burstGapMs?: number
  /** A burst shorter than this, ended by Enter, is typing, not a scan. */
  minScanLength?: number
  /**
   * How long a burst that came at scanner speed waits for its Enter once its characters stop.
   * Over SSH a scan's Enter, or the rest of its characters, can arrive 30-200 ms late; such a
   * burst was fired as command keys (seen: "R-DEMO-11" opened Shift notes). A person's typing
   * never comes at scanner speed, so it never waits here.
   */
  lateEnterMs?: number
  /** A burst whose characters came this close together on average is a scanner's, not a person's. */
  scannerGapMs?: number
  /** Set when the terminal's scanner sends a prefix and a suffix: then timing decides nothing for scans. */
  frame?: ScanFrame | null
  /** A framed scan whose suffix never comes is delivered as it is after this long. */
  frameTimeoutMs?: number
  /** A released burst is offered as the head of a scan whose first character comes within this. */
  splitWindowMs?: number
  /** A burst that starts sooner than this after a released character is marked as coming `after` it. */
  quietBeforeHeadMs?: number
  now?: () => number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
  /** Runs `fn` once input that is already waiting has been read (setImmediate: after the I/O poll). */
  afterPendingInput?: (fn: () => void) => void
}

/** The text a key stands for, to match a scanner's prefix or suffix; null for keys no scanner sends. */
function keyText(key: Key): string | null {
  switch (key.name) {
    case 'char':
      return key.char
    case 'ctrl':
      return String.fromCharCode(key.char.charCodeAt(0) - 96)
    case 'return':
      return '\r'
    case 'tab':
      return '\t'
    case 'escape':
      return '\u001b'
    default:
      return null
  }
}

/**
 * Tells a scanner from a person. A USB scanner is a keyboard that types a whole code in a burst
 * and presses Enter.
 *
 * With a frame (the scanner sends a prefix and a suffix), everything between the two is one scan,
 * whatever the gaps. Without one, timing decides: printable characters are held while they keep
 * coming fast; Enter at the end of such a burst delivers the whole code as one scan. If the burst
 * stops without Enter, the held characters go out as ordinary keys, at once for a person's typing,
 * after `lateEnterMs` for a burst that came at scanner speed (its Enter or its tail may be late).
 * Such a released burst is offered with the scan that follows it as its possible head: a head of
 * one character cannot be told from a keypress, and SplitMender joins the two when the site
 * knows head + tail and not the tail alone.
 *
 * It lives outside React and holds characters in a plain buffer, so nothing is lost or split
 * while a screen renders: a scan reaches the screen whole, in one call.
 */
export class KeyRouter {
  private held = ''
  private heldSince = 0
  private heldLast = 0
  /** The held burst already waited for a late Enter. */
  private waitedLate = false
  private burstTimer: unknown = null
  /** Keys that may be the start of the scanner's prefix, with when they came. */
  private prefixKeys: Array<{ key: Key; at: number }> = []
  /** The scan being read between prefix and suffix; null outside one. */
  private capture: string | null = null
  private frameTimer: unknown = null
  private readonly gap: number
  private readonly minScan: number
  private readonly lateEnter: number
  private readonly scannerGap: number
  private readonly frame: ScanFrame | null
  private readonly frameTimeout: number
  private readonly now: () => number
  private readonly setTimer: (fn: () => void, ms: number) => unknown
  private readonly clearTimer: (timer: unknown) => void
  private readonly afterPendingInput: (fn: () => void) => void
  /** Bumped by every character: a release decided before a later character arrived is void. */
  private generation = 0
  private readonly splitWindow: number
  private readonly quietBeforeHead: number
  /** When the last key came, and whether it was a character the router let go as a key (in `lastBurstId`). */
  private lastInputAt = -Infinity
  private lastWasChar = false
  private lastBurstId = -1
  private heldAfter: number | undefined = undefined
  private readonly pastes = new PasteReader()
  private pasteTimer: unknown = null
  /** The burst released last by the timer, while it may still be a scan's head. */
  private released: { burst: ReleasedBurst; lastAt: number } | null = null
  /** The head offered with the burst being held now. */
  private head: ReleasedBurst | null = null
  private burstIds = 0

  constructor(
    private readonly target: RouterTarget,
    opts: KeyRouterOptions = {},
  ) {
    this.gap = opts.burstGapMs ?? 50
    this.minScan = opts.minScanLength ?? 3
    this.lateEnter = opts.lateEnterMs ?? 300
    // 100 characters a second (SPEC's slowest scanner) is 10 ms apart, and a loaded sender or
    // link spreads that (seen: 20-30 ms on average); a person's fastest roll-over of three keys
    // is rarely under 30 ms each, and a held burst that is typing only waits, it is never lost.
    this.scannerGap = opts.scannerGapMs ?? 25
    this.frame = opts.frame ?? null
    this.frameTimeout = opts.frameTimeoutMs ?? 2000
    // A split's tail comes after the stall (60-200 ms seen over SSH) or, for a head held at
    // scanner speed, after the late-Enter wait (350 ms); a second is well past both.
    this.splitWindow = opts.splitWindowMs ?? 1000
    // A scanner's code starts after Enter (the last scan) or after a pause; a person's typing of
    // a code character by character has every character but the first right after another key.
    this.quietBeforeHead = opts.quietBeforeHeadMs ?? 500
    this.now = opts.now ?? (() => performance.now())
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
    this.clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout))
    this.afterPendingInput = opts.afterPendingInput ?? ((fn) => setImmediate(fn))
  }

  push(chunk: string): void {
    this.take(this.pastes.read(chunk))
    this.stopPasteTimer()
    // an end marker that never comes (a terminal that lost it): what came is the paste
    if (this.pastes.reading)
      this.pasteTimer = this.setTimer(() => {
        this.pasteTimer = null
        this.take(this.pastes.end())
      }, this.frameTimeout)
  }

  private take(parts: InputPart[]): void {
    for (const part of parts) {
      if ('pasted' in part) {
        this.pasted(part.pasted)
        continue
      }
      for (const key of tokenize(part.typed)) {
        if (this.frame === null) this.timed(key)
        else this.framed(this.frame, key)
      }
    }
  }

  /**
   * A paste is text, never keys: it goes out as one line, like a burst no Enter ended
   * (KeyDispatcher.unended: typed into the open field without Enter, or taken as a scan where the
   * screen takes scans). What was typed before it goes out first.
   */
  private pasted(text: string): void {
    this.stopPasteTimer()
    // a scanner's prefix begun, or a framed scan being read, goes out before the paste
    if (this.capture !== null) this.endCapture(this.capture)
    this.stopFrameTimer()
    this.flushPrefix()
    this.release()
    const line = pastedLine(text)
    if (line !== '') this.target.unended(line)
  }

  private stopPasteTimer(): void {
    if (this.pasteTimer !== null) this.clearTimer(this.pasteTimer)
    this.pasteTimer = null
  }

  /** Deliver held characters as keys: the burst ended without Enter. */
  release(): void {
    this.stopBurstTimer()
    const held = this.held
    this.held = ''
    for (const char of held) this.target.key({ name: 'char', char })
  }

  dispose(): void {
    this.stopBurstTimer()
    this.stopFrameTimer()
    this.stopPasteTimer()
  }

  private framed(frame: ScanFrame, key: Key): void {
    if (this.capture !== null) {
      const text = keyText(key)
      const suffixHere =
        key.name === 'return'
          ? frame.suffix === '\r' || frame.suffix === '\n'
          : text !== null && (this.capture + text).endsWith(frame.suffix)
      if (suffixHere) {
        const withText = key.name === 'return' ? this.capture : this.capture + (text ?? '')
        this.endCapture(withText.slice(0, withText.length - (key.name === 'return' ? 0 : frame.suffix.length)))
      } else if (text !== null) {
        this.capture += text
        this.startFrameTimer(() => this.endCapture(this.capture ?? ''))
      }
      return
    }
    this.prefixKeys.push({ key, at: this.now() })
    for (;;) {
      const text = this.prefixKeys.map((k) => keyText(k.key))
      const match = text.includes(null) ? 'no' : prefixMatch(frame, text.join(''))
      if (match === 'whole') {
        this.prefixKeys = []
        // what was held before the prefix was typing: it goes out first, as keys
        this.release()
        this.capture = ''
        this.startFrameTimer(() => this.endCapture(this.capture ?? ''))
        return
      }
      if (match === 'part') {
        // The prefix's own characters can be late too (seen: "]" then a 50 ms stall before "C0"
        // under load, and the scan fell to timing mode). A person who types the prefix's first
        // character gets it after the late-Enter wait.
        this.startFrameTimer(() => this.flushPrefix(), this.lateEnter)
        return
      }
      // not the prefix: its first key is ordinary input; the rest may still start one
      const first = this.prefixKeys.shift()
      if (first !== undefined) this.timed(first.key, first.at)
      if (this.prefixKeys.length === 0) {
        this.stopFrameTimer()
        return
      }
    }
  }

  private flushPrefix(): void {
    const keys = this.prefixKeys
    this.prefixKeys = []
    for (const { key, at } of keys) this.timed(key, at)
  }

  private endCapture(code: string): void {
    this.stopFrameTimer()
    this.capture = null
    if (code !== '') this.target.scan(code, undefined, true)
  }

  /** Timing mode: a scan is a fast burst ended by Enter. */
  private timed(key: Key, at = this.now()): void {
    if (key.name === 'char') {
      if (this.held === '') {
        this.heldSince = at
        this.heldAfter = this.lastWasChar && at - this.lastInputAt < this.quietBeforeHead ? this.lastBurstId : undefined
        // the burst released just before, if it ended moments ago, may be this one's head: a scan
        // split by a stall (SplitMender asks the daemon whether head + tail is a code)
        const r = this.released
        this.head = r !== null && at - r.lastAt <= this.splitWindow ? r.burst : null
        this.released = null
      }
      this.heldLast = at
      this.held += key.char
      this.waitedLate = false
      this.restartBurstTimer(this.gap)
    } else if (key.name === 'return' && this.held.length >= this.minScan) {
      const code = this.held
      const head = this.head
      this.held = ''
      this.head = null
      this.stopBurstTimer()
      if (head === null) this.target.scan(code)
      else this.target.scan(code, { head })
    } else {
      this.release()
      this.head = null
      this.released = null
      this.target.key(key)
    }
    this.lastInputAt = at
    // a scan's characters were not released (its Enter took them): what follows a scan is fresh
    this.lastWasChar = key.name === 'char'
    if (key.name !== 'char') this.lastBurstId = -1
  }

  /** The burst ended without Enter: its characters go out as keys, marked as one burst. */
  private releaseBurst(): void {
    this.stopBurstTimer()
    // one level of head only: a code split twice (a stall, then load jitter) is mended whole
    const head = this.head === null ? {} : { head: { ...this.head, head: undefined } }
    const burst: ReleasedBurst = {
      id: ++this.burstIds,
      text: this.held,
      ...(this.heldAfter === undefined ? {} : { after: this.heldAfter }),
      ...head,
    }
    this.released = { burst, lastAt: this.heldLast }
    this.lastBurstId = burst.id
    this.held = ''
    this.head = null
    for (const char of burst.text) this.target.key({ name: 'char', char }, burst)
  }

  /**
   * A burst at scanner speed whose Enter did not come within the late-Enter wait: a scan whose
   * Enter is later still (seen over SSH), a scanner set to send no Enter, or a paste. Fired as
   * keys, a scan's characters ran commands (seen: "R-DEMO-11" opened Shift notes): it goes out
   * whole instead, and the screens type it into a field or take it as a scan (KeyDispatcher).
   */
  private deliverUnended(): void {
    this.stopBurstTimer()
    const code = this.held
    this.held = ''
    this.head = null
    this.released = null
    this.lastBurstId = -1
    this.lastWasChar = false
    this.target.unended(code)
  }

  /** The held characters came at a scanner's pace: too fast for any person's hand. */
  private heldAtScannerSpeed(): boolean {
    const chars = [...this.held].length
    if (chars < 2) return false
    const meanGap = (this.heldLast - this.heldSince) / (chars - 1)
    // Two characters alone: 100 chars/s is 10 ms apart (seen: "R-" then a 60 ms stall went out as
    // keys at 100/s); a person's two keys come 15 ms apart only in a rare roll-over, and then wait.
    return chars >= this.minScan ? meanGap <= this.scannerGap : meanGap <= this.scannerGap * 0.6
  }

  private restartBurstTimer(ms: number): void {
    this.stopBurstTimer()
    const generation = ++this.generation
    this.burstTimer = this.setTimer(() => {
      this.burstTimer = null
      // When the event loop was busy (a render) for longer than the gap, the timer is due before
      // the characters that came meanwhile are read: those are read first, and they keep the
      // burst whole. Only a real pause in the input releases the held characters as keys.
      this.afterPendingInput(() => {
        if (generation !== this.generation) return
        if (!this.waitedLate && this.heldAtScannerSpeed()) {
          this.waitedLate = true
          this.restartBurstTimer(this.lateEnter)
          return
        }
        if (this.waitedLate && [...this.held].length >= this.minScan) this.deliverUnended()
        else this.releaseBurst()
      })
    }, ms)
  }

  private stopBurstTimer(): void {
    if (this.burstTimer !== null) this.clearTimer(this.burstTimer)
    this.burstTimer = null
  }

  private startFrameTimer(fn: () => void, ms = this.frameTimeout): void {
    this.stopFrameTimer()
    this.frameTimer = this.setTimer(() => {
      this.frameTimer = null
      fn()
    }, ms)
  }

  private stopFrameTimer(): void {
    if (this.frameTimer !== null) this.clearTimer(this.frameTimer)
    this.frameTimer = null
  }
}
