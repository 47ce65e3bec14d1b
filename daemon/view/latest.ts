import type Hyperbee from 'hyperbee'
import type { BeeEntry, HyperbeeBatch } from 'hyperbee'

/**
 * Reads of the view as it is now, without the Hypercore session Hyperbee opens and closes for
 * each `get` (its snapshot). A note's write read the view ~10 times this way (the dry run, the
 * signed-in person twice), and the sessions and the tree walked again from a freshly decoded root
 * for each read were most of the ~1 MB the daemon allocated per note: the garbage collections
 * that made the write's p99 (issue #15).
 *
 * A batch of the live view reads from the root at the view's length and keeps the tree's blocks
 * it decoded for the reads after. What a snapshot protects against is a fold moving the view
 * during a read: an append leaves every block of the older trees as it was, only a truncation
 * (Autobase reordering: the fork moves) replaces blocks. So a read is kept when the fork did not
 * move, and any failure (a block truncated away or not here: `wait: false` never waits for one)
 * falls back to Hyperbee's own snapshot read. Several reads that must see one state (the dry run)
 * check `current`: the view's length and fork both where they were. The batch never updates its
 * core first (a snapshot's update does nothing; the live session's would apply a reorg a peer
 * sent and wait for the peers' lengths).
 */
export class LatestReads {
  private readonly version: number
  private readonly fork: number
  private readonly batch: HyperbeeBatch
  private closed = false

  constructor(private readonly bee: Hyperbee) {
    this.version = bee.version
    this.fork = bee.core.fork
    this.batch = bee.batch({ wait: false, update: false })
  }

  /** Whether the view is still the one the batch began on: reads through it are consistent. */
  get current(): boolean {
    return this.bee.version === this.version && this.bee.core.fork === this.fork
  }

  /** One entry of the view as it is at the read or a little before. */
  async get(key: string): Promise<BeeEntry | null> {
    if (!this.closed && this.bee.core.fork === this.fork) {
      try {
        const entry = await this.batch.get(key)
        if (this.bee.core.fork === this.fork) return entry
      } catch {
        // a block gone with a truncation, or not here: the snapshot read below decides
      }
    }
    return this.bee.get(key)
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.batch.close()
  }
}

/** One entry of the view as it is now (see LatestReads). */
export async function getLatest(bee: Hyperbee, key: string): Promise<BeeEntry | null> {
  const reads = new LatestReads(bee)
  try {
    return await reads.get(key)
  } finally {
    await reads.close()
  }
}
