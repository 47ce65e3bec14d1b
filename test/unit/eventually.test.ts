import { describe, expect, it } from 'vitest'
import { eventually } from '../helpers/eventually.js'

describe('eventually', () => {
  it('returns the first value that holds, reading again until then', async () => {
    let reads = 0
    const value = await eventually(() => ++reads, 'the third read', { ok: (n) => n === 3, intervalMs: 1 })
    expect([value, reads]).toEqual([3, 3])
  })

  it('fails with what it waited for, the last value and the last error, and the evidence', async () => {
    let reads = 0
    const waiting = eventually(
      () => {
        if (++reads % 2 === 0) throw new Error(`read ${reads} failed`)
        return { reads }
      },
      'a value that never comes',
      { ok: () => false, timeoutMs: 100, intervalMs: 5, evidence: () => 'the log says: nothing' },
    )
    await expect(waiting).rejects.toThrow(
      /^timed out after \d+ ms \(\d+ tries\) waiting for a value that never comes\nlast value: \{"reads":\d+\}/,
    )
    await expect(waiting).rejects.toThrow(/the log says: nothing$/)
    expect(reads).toBeGreaterThan(2)
  })

  it('a throw is "not yet": the wait goes on, and the error is shown if it never ends', async () => {
    await expect(
      eventually(
        () => {
          throw new Error('not there')
        },
        'a read that always throws',
        { timeoutMs: 50, intervalMs: 5 },
      ),
    ).rejects.toThrow(/last error: not there/)
    let tries = 0
    expect(await eventually(() => (++tries < 3 ? Promise.reject(new Error('later')) : 'there'), 'the third try', { intervalMs: 1 })).toBe(
      'there',
    )
  })
})
