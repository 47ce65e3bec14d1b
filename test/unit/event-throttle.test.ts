import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EventThrottle } from '../../daemon/socket/event-throttle.js'

/**
 * view.changed: a lone change is pushed at once (it waited the whole interval before, 30 ms on
 * every ticket's way to another node's board), so is one that follows a few others closely, and
 * a long burst still gives one push per interval on average.
 */
describe('EventThrottle', () => {
  beforeEach(() => void vi.useFakeTimers())
  afterEach(() => void vi.useRealTimers())

  it('runs a lone change on the next turn, not after the interval', () => {
    const run = vi.fn()
    const t = new EventThrottle(1000, run, () => Date.now())
    t.poke()
    expect(run).not.toHaveBeenCalled()
    vi.advanceTimersByTime(0)
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('coalesces the changes of one turn into one run, and spreads a long burst to one run per interval', () => {
    const run = vi.fn()
    const t = new EventThrottle(100, run, () => Date.now())
    t.poke()
    t.poke()
    vi.advanceTimersByTime(0)
    expect(run).toHaveBeenCalledTimes(1)
    // a burst: a change every 10 ms for 1 s gives 3 at once (the burst), then about one per 100 ms
    for (let i = 0; i < 100; i++) {
      t.poke()
      vi.advanceTimersByTime(10)
    }
    vi.advanceTimersByTime(100)
    expect(run.mock.calls.length).toBeGreaterThanOrEqual(11)
    expect(run.mock.calls.length).toBeLessThanOrEqual(14)
    // quiet again long enough to refill: the next changes run at once, a few in a row
    vi.advanceTimersByTime(1000)
    const before = run.mock.calls.length
    for (let i = 0; i < 3; i++) {
      t.poke()
      vi.advanceTimersByTime(0)
      expect(run).toHaveBeenCalledTimes(before + i + 1)
    }
    // the fourth close behind waits for its turn
    t.poke()
    vi.advanceTimersByTime(0)
    expect(run).toHaveBeenCalledTimes(before + 3)
    vi.advanceTimersByTime(100)
    expect(run).toHaveBeenCalledTimes(before + 4)
  })

  it('pushes at once a steady run of changes slower than one per interval, however close each is to the last push', () => {
    const run = vi.fn()
    // a kitchen's steady run: a change every 25 ms, the daemon's interval 20 ms
    const t = new EventThrottle(20, run, () => Date.now())
    for (let i = 0; i < 200; i++) {
      t.poke()
      vi.advanceTimersByTime(0)
      expect(run).toHaveBeenCalledTimes(i + 1)
      vi.advanceTimersByTime(25)
    }
    // faster than one per interval for long, it is spread out: a change every 10 ms for 1 s
    const before = run.mock.calls.length
    for (let i = 0; i < 100; i++) {
      t.poke()
      vi.advanceTimersByTime(10)
    }
    expect(run.mock.calls.length - before).toBeLessThanOrEqual(55)
  })

  it('a stop drops the run waiting', () => {
    const run = vi.fn()
    const t = new EventThrottle(100, run, () => Date.now())
    t.poke()
    t.stop()
    vi.advanceTimersByTime(1000)
    expect(run).not.toHaveBeenCalled()
  })
})
