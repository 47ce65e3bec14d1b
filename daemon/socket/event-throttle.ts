/**
 * At most one run per `intervalMs`, leading edge: a lone change runs on the next turn of the event
 * loop, and the changes that come within the interval after a run are coalesced into one run at
 * its end. (It waited the interval after every first change before: 30 ms added to every ticket
 * reaching another node's board, and to every note, on a quiet site as in a rush.)
 */
export class EventThrottle {
  private timer: NodeJS.Timeout | null = null
  private last = Number.NEGATIVE_INFINITY

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  poke(): void {
    if (this.timer !== null) return
    // a timer of 0 even when due: the updates of one turn (one fold, its events) are one run
    const wait = Math.max(0, this.last + this.intervalMs - this.now())
    this.timer = setTimeout(() => {
      this.timer = null
      this.last = this.now()
      this.run()
    }, wait)
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
  }
}
