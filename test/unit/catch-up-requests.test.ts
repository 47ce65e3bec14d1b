import { afterEach, describe, expect, it } from 'vitest'
import type { OutpostNode } from '../../daemon/node.js'
import { InProcessSite } from '../helpers/in-process-site.js'

let site: InProcessSite
afterEach(async () => {
  await site.close()
})

describe('catching up', () => {
  // Autobase warms a view up by asking peers for the blocks the writer's own apply read. For a
  // node that folds every operation itself, the blocks past its view's length are ones it is
  // about to write: asking for them cost ~40% of a 10,000-operation catch-up
  // (patches/autobase+7.28.1.patch keeps the warm-up below the view's length).
  it('a node that was cut off folds what it missed without asking its peer for view blocks', async () => {
    site = await InProcessSite.create(2)
    const [a, b] = site.nodes as [OutpostNode, OutpostNode]
    for (let block = 0; block < 10; block++) {
      const notes = Array.from({ length: 100 }, (_, i) => ({
        type: 'notes.post' as const,
        payload: { text: `while b was off ${block}.${i}` },
      }))
      await a.append(a.stamp(notes, 'admin'))
    }
    let viewBlocksServed = 0
    a.base.view.core.on('upload', () => viewBlocksServed++)
    site.connect(0, 1)
    await site.until(async () => (await b.read.system.meta()).seq === (await a.read.system.meta()).seq, 'b caught up')
    const [hashA, hashB] = await site.hashes()
    expect(hashB).toBe(hashA)
    // without the patch: ~150 of the ~2,000 view blocks; with it, none or the odd one (Autobase
    // reading a checkpoint)
    expect(viewBlocksServed).toBeLessThan(5)
  })
})
