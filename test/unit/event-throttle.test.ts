import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EventThrottle } from '../../daemon/socket/event-throttle.js'

/**
 * view.changed: a lone change is pushed at once (it waited the whole interval before, 30 ms on
 * every ticket's way to another node's board), and a burst still gives one push per interval.
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

  it('coalesces the changes of one turn, and those within the interval after a run, into one run at its end', () => {
    const run = vi.fn()
    const t = new EventThrottle(100, run, () => Date.now())
    t.poke()
    t.poke()
    vi.advanceTimersByTime(0)
    expect(run).toHaveBeenCalledTimes(1)
    // a burst: a change every 10 ms for 300 ms gives one run per 100 ms
    for (let i = 0; i < 30; i++) {
      t.poke()
      vi.advanceTimersByTime(10)
    }
    vi.advanceTimersByTime(100)
    expect(run.mock.calls.length).toBeGreaterThanOrEqual(3)
    expect(run.mock.calls.length).toBeLessThanOrEqual(5)
    // quiet again for longer than the interval: the next lone change runs at once
    vi.advanceTimersByTime(500)
    const before = run.mock.calls.length
    t.poke()
    vi.advanceTimersByTime(0)
    expect(run).toHaveBeenCalledTimes(before + 1)
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
