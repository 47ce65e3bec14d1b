/**
 * view.changed pushes: on average at most one run per `intervalMs`, with a few at once allowed
 * (`burst`), so a change that follows another closely is pushed on the next turn of the event
 * loop, and only a run of changes is spread out, one per interval (a token bucket; the changes
 * that come while a run waits are coalesced into it).
 *
 * Before: a lone change waited the whole interval (30 ms on every ticket's way to another node's
 * board); then, leading edge, a change within the interval after the last run waited for the
 * interval's end: measured in the kitchen bench, half of a station screen's pushes waited, 10 ms
 * at the median and up to 30 (a ticket fired ~30 ms after the last push on that board).
 */
export class EventThrottle {
  private timer: NodeJS.Timeout | null = null
  private tokens: number
  private refilled: number

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => void,
    private readonly now: () => number = () => performance.now(),
    private readonly burst = 3,
  ) {
    this.tokens = burst
    this.refilled = now()
  }

  poke(): void {
    if (this.timer !== null) return
    this.refill()
    // a timer of 0 even when a run is free: the updates of one turn (one fold, its events) are one run
    const wait = this.tokens >= 1 ? 0 : (1 - this.tokens) * this.intervalMs
    this.timer = setTimeout(() => {
      this.timer = null
      this.refill()
      // a timer may fire a little early: never below empty
      this.tokens = Math.max(0, this.tokens - 1)
      this.run()
    }, wait)
  }

  private refill(): void {
    const at = this.now()
    this.tokens = Math.min(this.burst, this.tokens + (at - this.refilled) / this.intervalMs)
    this.refilled = at
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }
}
