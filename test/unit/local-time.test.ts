import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { localDay, localMoment, localTime } from '../../protocol/index.js'

// Node reads TZ again when it changes: each test's moments are read on a clock 13 hours ahead of
// UTC, where a day's first hour is still yesterday in UTC
let tz: string | undefined
beforeEach(() => {
  tz = process.env.TZ
  process.env.TZ = 'Pacific/Auckland'
})
afterEach(() => {
  if (tz === undefined) delete process.env.TZ
  else process.env.TZ = tz
})

const justAfterMidnight = Date.UTC(2026, 11, 4, 11, 30, 5) // 2026-12-05 00:30:05 in Auckland (UTC+13)
const afternoon = Date.UTC(2026, 11, 4, 1, 5, 9) // 14:05:09 there

describe('local time of day', () => {
  it('is on a 24-hour clock, padded, with seconds when asked', () => {
    expect(localTime(afternoon)).toBe('14:05')
    expect(localTime(afternoon, true)).toBe('14:05:09')
    expect(localTime(new Date(justAfterMidnight), true)).toBe('00:30:05')
  })

  it("gives the local day, not UTC's, around midnight", () => {
    expect(localDay(justAfterMidnight)).toBe('2026-12-05')
    expect(new Date(justAfterMidnight).toISOString().slice(0, 10)).toBe('2026-12-04') // what the audit screen showed beside 00:30
    expect(localDay(justAfterMidnight, true)).toBe('2026-12-05 00:30')
    expect(localMoment(justAfterMidnight)).toBe('2026-12-05 00:30:05') // a detail's "when" (it was UTC's 2026-12-04 11:30:05)
  })
})
