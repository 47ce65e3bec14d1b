import type { KeyTaker } from './dispatcher.js'
import type { ReleasedBurst } from './key-router.js'
import type { PacedReceiver } from './paced-target.js'
import type { Key } from './tokenize.js'

/** The dispatcher, as the mender sees it: it says who took each key. */
export interface MenderTarget {
  key(key: Key): KeyTaker
  scan(code: string): void
}

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

  constructor(
    private readonly target: MenderTarget,
    private readonly known: KnownCode,
    /** The daemon's answer is waited for this long at most; after it, the tail goes as it came. */
    private readonly answerWithinMs = 2000,
  ) {}

  key(key: Key, burst?: ReleasedBurst): void {
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

  scan(code: string, split?: { head: ReleasedBurst }): void | Promise<void> {
    const head = split?.head
    const takers = head === undefined ? undefined : this.takers.get(head.id)
    if (head === undefined || takers === undefined || takers.length !== [...head.text].length) return this.target.scan(code)
    // a command already ran: the scan cannot be taken back from it
    if (takers.some((t) => t.kind === 'command')) return this.target.scan(code)
    if (head.after !== undefined) {
      const before = this.takers.get(head.after)
      if (before === undefined || before.some((t) => t.kind !== 'command')) return this.target.scan(code)
    }
    return this.mend(head.text, code, takers)
  }

  private async mend(head: string, tail: string, takers: KeyTaker[]): Promise<void> {
    const whole = head + tail
    let mended = false
    try {
      mended = !(await this.ask(tail)) && (await this.ask(whole))
    } catch {
      // the daemon could not say (not signed in yet, gone, slow): the tail goes as it came, and
      // the screen refuses or takes it as it would have
      mended = false
    }
    if (!mended) return this.target.scan(tail)
    for (const t of takers) if (t.kind === 'field') this.target.key({ name: 'backspace' })
    this.target.scan(whole)
  }

  private ask(code: string): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<boolean>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer')), this.answerWithinMs)
    })
    return Promise.race([this.known(code), late]).finally(() => clearTimeout(timer))
  }
}
