import type Hyperbee from 'hyperbee'
import type { Envelope } from '../../protocol/index.js'
import { OverlayBatch } from '../view/overlay-batch.js'
import { ViewWriter } from '../view/view-writer.js'
import { offlineHost, type SiteState } from './context.js'
import { foldOperation, type FoldOutcome } from './fold-operation.js'
import { SITE_KEY } from '../view/keys.js'

/**
 * Runs the fold's own rules on a group of operations against the current view without writing
 * anything, so the socket can refuse an operation with the same reason the fold would give.
 * The fold stays the authority: an operation that passes here can still be rejected when a
 * concurrent one from another node is ordered first.
 */
export async function dryRun(
  bee: Hyperbee,
  ops: Envelope[],
  from: string,
  /** The index the block will have in this node's log. */
  block: number,
): Promise<Extract<FoldOutcome, { status: 'rejected' }> | null> {
  const snapshot = bee.snapshot()
  try {
    const view = await ViewWriter.open(new OverlayBatch(snapshot))
    const host = offlineHost((await view.get<SiteState>(SITE_KEY))?.founder ?? null)
    for (const [index, op] of ops.entries()) {
      const outcome = await foldOperation(view, op, { from, block, index }, host)
      if (outcome.status === 'rejected') return outcome
    }
    return null
  } finally {
    await snapshot.close()
  }
}
