import type { KeyTaker, ScanHow, UnendedOutcome } from './dispatcher.js'
import type { ReleasedBurst } from './key-router.js'
import type { PacedReceiver } from './paced-target.js'
import type { Key } from './tokenize.js'

/** The dispatcher, as the mender sees it: it says who took each key. */
export interface MenderTarget {
  key(key: Key): KeyTaker
  /** 'keys': the screen reads it as keys pressed fast (KeyDispatcher.scan): they are handed over as keys. */
  scan(code: string, how?: ScanHow): void | 'keys'
  unended(code: string): UnendedOutcome
}

/** A scan taken without its Enter (KeyRouter's unended burst) swallows an Enter that comes this soon after it. */
const LATE_ENTER_MS = 2000

/** Whether the site knows a code (the daemon's scan.resolve); rejects when it cannot say. */
export type KnownCode = (code: string) => Promise<boolean>

/**
 * Mends a scan that a stalled link split in two (timing mode, no scanner prefix). Seen over SSH
 * and on a loaded machine: "R" came, then a 60-200 ms stall, then "-DEMO-11" and Enter; the "R"
 * went out as a key and "-DEMO-11 is not a product, roll or location of this site".
 *
 * The router offers the burst it released just before a scan as the scan's possible head when
 * the scan came within a second of it. The scan is one scan of head + tail when, and only when:
 * - the tail alone is not a code the site knows, and head + tail is (asked of the daemon);
 * - none of the head's keys did anything but type: keys nobody took are simply forgotten, keys a
 *   text field took are taken back out with Backspace. If one of them was a screen's command it
 *   has happened (a menu number opened a screen): nothing is mended, the tail is refused where it
 *   lands and the bell rings, as before. Only a head of one character can be a command: a burst
 *   of two or more at scanner speed is held for its late Enter, never fired as keys.
 * - the head did not come right after typing: a person typing a code types it character by
 *   character, each right after another that was typed (or went nowhere), so no typing is ever
 *   a head. A head right after a command key (a menu number that opened the screen) is fine.
 * And Enter after typing is a key, not a scan: nothing to mend.
 */
export class SplitMender implements PacedReceiver {
  /** Who took each key of the last few released bursts. */
  private readonly takers = new Map<number, KeyTaker[]>()

  /** Until when an Enter is the late Enter of a scan taken without it (null: none is due). */
  private lateEnterUntil: number | null = null

  constructor(
    private readonly target: MenderTarget,
    private readonly known: KnownCode,
    /** The daemon's answer is waited for this long at most; after it, the tail goes as it came. */
    private readonly answerWithinMs = 2000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * A burst at a scanner's pace that no Enter ended in time: typed into a field, or taken as a
   * scan. Taken as a scan, its Enter may still come (over SSH, 350 ms late or more): that one
   * Enter is the scan's own and is dropped, or it would confirm whatever the screen shows next.
   */
  unended(code: string): void | 'keys' {
    const outcome = this.target.unended(code)
    this.lateEnterUntil = outcome === 'scan' ? this.now() + LATE_ENTER_MS : null
    if (outcome === 'keys') return 'keys'
  }

  key(key: Key, burst?: ReleasedBurst): void {
    const lateEnter = this.lateEnterUntil !== null && this.now() <= this.lateEnterUntil
    this.lateEnterUntil = null
    if (lateEnter && key.name === 'return') return
    const taker = this.target.key(key)
    if (burst === undefined) return
    let list = this.takers.get(burst.id)
    if (list === undefined) {
      list = []
      this.takers.set(burst.id, list)
      for (const id of this.takers.keys()) if (this.takers.size > 4) this.takers.delete(id)
    }
    list.push(taker)
  }

  scan(code: string, split?: { head: ReleasedBurst }, framed?: boolean): void | 'keys' | Promise<void | 'keys'> {
    this.lateEnterUntil = null
    // between the scanner's prefix and suffix: whole by construction, nothing to mend
    if (framed === true) return this.target.scan(code, { framed: true })
    // the head, and the one before it when the code was split twice (a stall, then jitter)
    const heads = split === undefined ? [] : [split.head, ...(split.head.head === undefined ? [] : [split.head.head])]
    const usable: Array<{ text: string; takers: KeyTaker[] }> = []
    for (const head of heads) {
      const takers = this.takers.get(head.id)
      // a command already ran: the scan cannot be taken back from it
      if (takers === undefined || takers.length !== [...head.text].length || takers.some((t) => t.kind === 'command')) break
      usable.push({ text: head.text, takers })
    }
    // the first of the heads must not come right after typing
    while (usable.length > 0 && !this.startsFresh(heads[usable.length - 1]!)) usable.pop()
    if (usable.length === 0) return this.target.scan(code)
    return this.mend(usable, code)
  }

  private startsFresh(head: ReleasedBurst): boolean {
    if (head.after === undefined) return true
    const before = this.takers.get(head.after)
    return before !== undefined && before.every((t) => t.kind === 'command')
  }

  /** `heads`: the nearest first. Tries the tail alone, then with one head, then with both. */
  private async mend(heads: Array<{ text: string; takers: KeyTaker[] }>, tail: string): Promise<void | 'keys'> {
    let whole = tail
    let used = 0
    try {
      if (!(await this.ask(tail))) {
        let text = tail
        for (let i = 0; i < heads.length; i++) {
          text = heads[i]!.text + text
          if (await this.ask(text)) {
            whole = text
            used = i + 1
            break
          }
        }
      }
    } catch {
      // the daemon could not say (not signed in yet, gone, slow): the tail goes as it came, and
      // the screen refuses or takes it as it would have
      whole = tail
      used = 0
    }
    for (const head of heads.slice(0, used)) for (const t of head.takers) if (t.kind === 'field') this.target.key({ name: 'backspace' })
    return this.target.scan(whole)
  }

  private ask(code: string): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<boolean>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer')), this.answerWithinMs)
    })
    return Promise.race([this.known(code), late]).finally(() => clearTimeout(timer))
  }
}
