import type Hyperbee from 'hyperbee'
import { OutpostError, type Envelope } from '../../protocol/index.js'
import { OverlayBatch, type EntrySource } from '../view/overlay-batch.js'
import { ViewWriter } from '../view/view-writer.js'
import { offlineHost, type SiteState } from './context.js'
import { foldOperation, type FoldOutcome } from './fold-operation.js'
import { SITE_KEY } from '../view/keys.js'
import { LatestReads } from '../view/latest.js'

type Refusal = Extract<FoldOutcome, { status: 'rejected' }> | null

/**
 * Runs the fold's own rules on a group of operations against the current view without writing
 * anything, so the socket can refuse an operation with the same reason the fold would give.
 * The fold stays the authority: an operation that passes here can still be rejected when a
 * concurrent one from another node is ordered first.
 *
 * Read from the view itself first (LatestReads: no snapshot session per read, the tree's blocks
 * decoded once for all the run's reads; a snapshot starts with none and read each node from the
 * store again: a note's dry run took longer than its fold). A fold that lands meanwhile (the
 * view's length or fork moved) could mix two states: the run is then done again on a snapshot.
 */
export async function dryRun(
  bee: Hyperbee,
  ops: Envelope[],
  from: string,
  /**
   * The index the block will have in this node's log, read with the view it is judged against:
   * a block of this node folded meanwhile (a print job's record) moves the writer's place in the
   * view, and a stale index made the fold take the first operation for one it had folded already
   * ("repeated", skipped): an order's reservation then found no order (seen in the pick test).
   */
  blockNow: () => number,
  /**
   * The most view writes a group of several operations may make (0: no limit; MemoryBounds'
   * groupWrites): every write of a log block is held in memory until its fold's update ends, on
   * every node. A single operation is bounded by its own payload.
   */
  groupWrites = 0,
): Promise<Refusal> {
  const reads = new LatestReads(bee)
  try {
    const live = await foldAll(reads, ops, from, blockNow(), groupWrites)
    if (reads.current) return live
  } finally {
    await reads.close()
  }
  const snapshot = bee.snapshot()
  const block = blockNow()
  try {
    return await foldAll(snapshot, ops, from, block, groupWrites)
  } finally {
    await snapshot.close()
  }
}

async function foldAll(source: EntrySource, ops: Envelope[], from: string, block: number, groupWrites: number): Promise<Refusal> {
  const overlay = new OverlayBatch(source)
  const view = await ViewWriter.open(overlay)
  const host = offlineHost((await view.get<SiteState>(SITE_KEY))?.founder ?? null)
  for (const [index, op] of ops.entries()) {
    const outcome = await foldOperation(view, op, { from, block, index }, host)
    if (outcome.status === 'rejected') return outcome
  }
  if (ops.length > 1 && groupWrites > 0 && overlay.writeCount > groupWrites) {
    const writes = overlay.writeCount.toLocaleString('en')
    throw new OutpostError(
      'E_INVALID_PARAMS',
      `these ${ops.length} operations make ${writes} view writes as one group, over the ${groupWrites.toLocaleString('en')} a group may make (so that every node folds it within its memory bound): send them in smaller groups`,
    )
  }
  return null
}
