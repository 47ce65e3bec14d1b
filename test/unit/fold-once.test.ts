import { describe, expect, it } from 'vitest'
import { offlineHost } from '../../daemon/fold/context.js'
import { foldOperation } from '../../daemon/fold/fold-operation.js'
import { OverlayBatch } from '../../daemon/view/overlay-batch.js'
import { ViewWriter } from '../../daemon/view/view-writer.js'

const WRITER = 'a'.repeat(64)

describe('each place of a writer’s log folds once', () => {
  it('a block handed over again is skipped: no audit entry, no change to the view', async () => {
    const view = await ViewWriter.open(new OverlayBatch())
    const host = offlineHost(null)
    // (a malformed operation is folded too: rejected, with its audit entry)
    expect(await foldOperation(view, 'not an operation', { from: WRITER, block: 3, index: 0 }, host)).toMatchObject({ status: 'rejected' })
    const after = { seq: view.seq, hash: view.hash }
    expect(await foldOperation(view, 'not an operation', { from: WRITER, block: 3, index: 0 }, host)).toEqual({ status: 'repeated' })
    expect(await foldOperation(view, 'not an operation', { from: WRITER, block: 2, index: 5 }, host)).toEqual({ status: 'repeated' })
    expect({ seq: view.seq, hash: view.hash }).toEqual(after)
    // the next place of the same log, and any place of another writer, fold as usual
    expect(await foldOperation(view, 'not an operation', { from: WRITER, block: 3, index: 1 }, host)).toMatchObject({ status: 'rejected' })
    expect(await foldOperation(view, 'not an operation', { from: 'b'.repeat(64), block: 0, index: 0 }, host)).toMatchObject({
      status: 'rejected',
    })
    expect(view.seq).toBe(after.seq + 2)
  })
})
