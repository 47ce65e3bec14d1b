import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BOUNDED, memoryBounds, type MemoryBounds } from '../../daemon/memory.js'
import { compactStore, openCorestore } from '../../daemon/storage.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outpost-filters-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/**
 * The filter size RocksDB recorded for each table file the store holds now, from the event log it
 * writes beside the files (one `table_file_creation` line per file, with its properties).
 */
async function filterSizes(db: string): Promise<number[]> {
  const live = new Set((await readdir(db)).filter((name) => name.endsWith('.sst')).map((name) => Number.parseInt(name, 10)))
  const sizes: number[] = []
  for (const line of (await readFile(join(db, 'LOG'), 'utf8')).split('\n')) {
    const at = line.indexOf('{"time_micros"')
    if (at < 0 || !line.includes('"table_file_creation"')) continue
    const event = JSON.parse(line.slice(at)) as { file_number: number; table_properties: { filter_size: number; num_entries: number } }
    if (live.has(event.file_number) && event.table_properties.num_entries > 0) sizes.push(event.table_properties.filter_size)
  }
  return sizes
}

/** A store with a few thousand blocks, compacted down to RocksDB's last level, as a site's bulk is. */
async function compactedStore(bounds: MemoryBounds): Promise<number[]> {
  const storeDir = join(dir, bounds.bounded ? 'bounded' : 'anchor')
  const store = openCorestore(storeDir, bounds)
  const core = store.get({ name: 'log' })
  await core.ready()
  for (let i = 0; i < 20; i++) await core.append(Array.from({ length: 200 }, (_, j) => Buffer.from(`block ${i}-${j}`)))
  await compactStore(store)
  await store.close()
  return filterSizes(join(storeDir, 'db'))
}

describe("the store's filters", () => {
  it('the last level of RocksDB gets no Bloom filter with the bounds on (its 50 MB at 1M rolls stayed in memory), and gets one without', async () => {
    // seen: a node that joined the 1,000,000-roll site held every table file's index (8 MB) and
    // filter (50 MB) open, and settled at 191 MB (the bound is 150); the store's reads are of keys
    // it has, which a filter does not speed up
    const bounded = await compactedStore(BOUNDED)
    expect(bounded.length).toBeGreaterThan(0)
    expect(bounded.every((size) => size === 0)).toBe(true)
    // the same store without the option (the benches' anchor): the filter is built
    const anchor = await compactedStore(memoryBounds({ OUTPOST_MEMORY_BOUNDS: 'off' }))
    expect(anchor.length).toBeGreaterThan(0)
    expect(anchor.every((size) => size > 0)).toBe(true)
  }, 60_000)
})
