import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../daemon/logger.js'
import { BOUNDED, memoryBounds } from '../../daemon/memory.js'
import { OutpostNode } from '../../daemon/node.js'
import { foundSite } from '../../daemon/site.js'

/** What a Hyperbee keeps decoded: its key and node caches, built on a rache cache. */
interface BeeCaches {
  _keyCache: { keys: { _array: unknown[] } } | null
  _nodeCache: { keys: { _array: unknown[] } } | null
}

/** A small bound, so that a few hundred writes overrun it. */
const SMALL = { ...BOUNDED, beeCacheEntries: 512 }

let dir: string
let node: OutpostNode

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outpost-memory-'))
  node = new OutpostNode({ storageDir: join(dir, 'store'), site: null, syncWrites: false, memory: SMALL, logger: createLogger('silent') })
  await node.open()
})
afterEach(async () => {
  await node.close()
  await rm(dir, { recursive: true, force: true })
})

describe('memory bounds', () => {
  it('the view caches at most the bound of decoded entries, however many blocks it holds', async () => {
    // seen: each Hyperbee kept its own caches of up to 65,536 decoded entries (~1.2 KB each),
    // 24k -> 73k of them over 6,000 notes, and RSS grew without levelling off
    await foundSite(node, { name: 'Depot', adminSecret: 'TEST-SECRET-0001' })
    // one note a block, checked first, as the socket writes a scan: each decodes a dozen entries
    for (let block = 0; block < 150; block++) {
      const ops = node.stamp([{ type: 'notes.post', payload: { text: `note ${block}` } }], 'admin')
      await node.check(ops)
      await node.append(ops)
    }
    await node.read.notes.notes({ archived: false, limit: 1000 })
    const bees = [node.base.view, (node.base as unknown as { _applyState: { view: unknown } })._applyState.view] as unknown as BeeCaches[]
    // a Hyperbee's key and node caches share one array of entries; with the bound, all of them do
    const caches = bees.flatMap((bee) => [bee._keyCache, bee._nodeCache])
    expect(caches).not.toContain(null)
    const held = [...new Set(caches.map((cache) => cache!.keys._array))].reduce((n, entries) => n + entries.length, 0)
    expect(held).toBeGreaterThan(0)
    expect(held).toBeLessThanOrEqual(SMALL.beeCacheEntries)
  }, 120_000)

  it('the benches can turn the bounds off, and nothing else does', () => {
    expect(memoryBounds({}).bounded).toBe(true)
    expect(memoryBounds({ OUTPOST_MEMORY_BOUNDS: 'on' }).bounded).toBe(true)
    expect(memoryBounds({ OUTPOST_MEMORY_BOUNDS: 'off' }).bounded).toBe(false)
  })
})
