import type Hyperbee from 'hyperbee'
import { describe, expect, it, vi } from 'vitest'
import { dryRun } from '../../daemon/fold/dry-run.js'

/**
 * The dry run reads the view itself (a batch of it: its decoded tree nodes kept, no snapshot per
 * read), and is done again on a snapshot when a fold landed meanwhile: its reads could have mixed
 * two states of the view.
 */
function fakeView(change?: 'append' | 'truncate') {
  const snapshot = { get: vi.fn(() => Promise.resolve(null)), close: vi.fn(() => Promise.resolve()) }
  const batch = {
    get: vi.fn(() => {
      // a fold lands while the dry run reads
      if (change === 'append') bee.version++
      if (change === 'truncate') bee.core.fork++
      return Promise.resolve(null)
    }),
    close: vi.fn(() => Promise.resolve()),
  }
  const bee = {
    version: 10,
    core: { fork: 0 },
    batch: vi.fn(() => batch),
    // a read the batch could not keep (the fork moved) is Hyperbee's own snapshot read
    get: vi.fn(() => Promise.resolve(null)),
    snapshot: vi.fn(() => snapshot),
  }
  return { bee, batch, snapshot, run: () => dryRun(bee as unknown as Hyperbee, [], 'a'.repeat(64), () => 0) }
}

describe('dryRun reads', () => {
  it('reads the view itself when nothing lands meanwhile', async () => {
    const { bee, batch, snapshot, run } = fakeView()
    await expect(run()).resolves.toBeNull()
    expect(batch.get).toHaveBeenCalled()
    expect(batch.close).toHaveBeenCalledTimes(1)
    expect(bee.get).not.toHaveBeenCalled()
    expect(bee.snapshot).not.toHaveBeenCalled()
    expect(snapshot.get).not.toHaveBeenCalled()
  })

  it.each(['append', 'truncate'] as const)('runs again on a snapshot, then closed, when the view moved (%s)', async (change) => {
    const { bee, batch, snapshot, run } = fakeView(change)
    await expect(run()).resolves.toBeNull()
    expect(batch.close).toHaveBeenCalledTimes(1)
    expect(bee.snapshot).toHaveBeenCalledTimes(1)
    expect(snapshot.get).toHaveBeenCalled()
    expect(snapshot.close).toHaveBeenCalledTimes(1)
  })
})
