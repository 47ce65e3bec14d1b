import type { Key } from './tokenize.js'
import type { RouterTarget } from './key-router.js'

type Delivery = { key: Key } | { scan: string }

/**
 * Hands keys and scans to the screens one at a time, with a turn of the event loop between two,
 * so React has drawn what one key did before the next key is judged. Keys often arrive together
 * in one chunk (over SSH, from a quick hand, from a paste): Down, Down, Enter read in one go
 * would otherwise all meet the handlers of the screen as it was before the first Down, and
 * Enter would open the row that was highlighted then (seen: SO-1 opened instead of SO-3).
 * Order is kept, and nothing is dropped.
 */
export class PacedTarget implements RouterTarget {
  private readonly queue: Delivery[] = []
  private waiting = false

  constructor(
    private readonly target: RouterTarget,
    /** Runs `fn` on a later turn of the event loop, after React's pending work (setImmediate). */
    private readonly nextTurn: (fn: () => void) => void = (fn) => setImmediate(fn),
  ) {}

  key(key: Key): void {
    this.enqueue({ key })
  }

  scan(code: string): void {
    this.enqueue({ scan: code })
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
    if ('key' in next) this.target.key(next.key)
    else this.target.scan(next.scan)
    this.nextTurn(() => this.deliverNext())
  }
}
