import { compareHlc, type Hlc } from '../protocol/index.js'

const MAX_COUNTER = 0xffff

/**
 * The node's hybrid logical clock. `tick` stamps a new local operation; `observe` moves the
 * clock past every operation the fold sees, so a later local operation orders after it even
 * when this machine's wall clock is behind (a Raspberry Pi without a real-time clock is).
 */
export class HlcClock {
  private last: Hlc = { t: 0, c: 0 }

  constructor(private readonly now: () => number = Date.now) {}

  tick(): Hlc {
    const wall = this.now()
    if (wall > this.last.t) this.last = { t: wall, c: 0 }
    else if (this.last.c < MAX_COUNTER) this.last = { t: this.last.t, c: this.last.c + 1 }
    else this.last = { t: this.last.t + 1, c: 0 }
    return this.last
  }

  observe(seen: Hlc): void {
    if (compareHlc(seen, this.last) > 0) this.last = { t: seen.t, c: seen.c }
  }
}
