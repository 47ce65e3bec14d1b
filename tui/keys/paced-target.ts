import type { Key } from './tokenize.js'
import type { ReleasedBurst, RouterTarget } from './key-router.js'

type Delivery =
  | { key: Key; burst?: ReleasedBurst | undefined }
  | { scan: string; split?: { head: ReleasedBurst } | undefined; framed?: boolean | undefined }
  | { unended: string }

/**
 * What the paced keys go to: a scan may take a while to hand over (SplitMender asks the daemon).
 * 'keys': the screen reads the burst as keys pressed fast (a bump bar on the kitchen board), and
 * its characters (and a scan's Enter) are handed over next, one per turn, before anything after it.
 */
export interface PacedReceiver {
  key(key: Key, burst?: ReleasedBurst): void
  scan(code: string, split?: { head: ReleasedBurst }, framed?: boolean): void | 'keys' | Promise<void | 'keys'>
  unended(code: string): void | 'keys'
}

/**
 * Hands keys and scans to the screens one at a time, with a turn of the event loop between two,
 * so React has drawn what one key did before the next key is judged. Keys often arrive together
 * in one chunk (over SSH, from a quick hand, from a paste): Down, Down, Enter read in one go
 * would otherwise all meet the handlers of the screen as it was before the first Down, and
 * Enter would open the row that was highlighted then (seen: SO-1 opened instead of SO-3).
 * Order is kept, and nothing is dropped: a scan being handed over holds back what came after it.
 */
export class PacedTarget implements RouterTarget {
  private readonly queue: Delivery[] = []
  private waiting = false

  constructor(
    private readonly target: PacedReceiver,
    /** Runs `fn` on a later turn of the event loop, after React's pending work (setImmediate). */
    private readonly nextTurn: (fn: () => void) => void = (fn) => setImmediate(fn),
  ) {}

  key(key: Key, burst?: ReleasedBurst): void {
    this.enqueue({ key, burst })
  }

  scan(code: string, split?: { head: ReleasedBurst }, framed?: boolean): void {
    this.enqueue({ scan: code, split, framed })
  }

  unended(code: string): void {
    this.enqueue({ unended: code })
  }

  private enqueue(delivery: Delivery): void {
    this.queue.push(delivery)
    if (!this.waiting) this.deliverNext()
  }

  private deliverNext(): void {
    const next = this.queue.shift()
    if (next === undefined) {
      this.waiting = false
      return
    }
    this.waiting = true
    const then = () => this.nextTurn(() => this.deliverNext())
    if ('key' in next) {
      this.target.key(next.key, next.burst)
      then()
      return
    }
    if ('unended' in next) {
      if (this.target.unended(next.unended) === 'keys') this.asKeys(next.unended, false)
      then()
      return
    }
    const handed = this.target.scan(next.scan, next.split, next.framed)
    if (handed instanceof Promise)
      handed.then((as) => {
        if (as === 'keys') this.asKeys(next.scan, true)
        then()
      }, then)
    else {
      if (handed === 'keys') this.asKeys(next.scan, true)
      then()
    }
  }

  /** A burst the screen reads as keys: its characters (and the Enter that ended it) go first, in order. */
  private asKeys(text: string, enter: boolean): void {
    const keys: Delivery[] = [...text].map((char) => ({ key: { name: 'char', char } }))
    if (enter) keys.push({ key: { name: 'return' } })
    this.queue.unshift(...keys)
  }
}
