import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Corestore from 'corestore'
import Hyperbee from 'hyperbee'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LatestReads, getLatest } from '../../daemon/view/latest.js'
import { getValue } from '../../daemon/view/read.js'

/**
 * Reads of the live view without a Hypercore session per read (daemon/view/latest.ts): the
 * sessions Hyperbee's own `get` opens were a large part of what a write allocated. A real
 * Hyperbee on a real store: an append meanwhile keeps the read, a truncation (the fork moves, as
 * when Autobase reorders) sends it to Hyperbee's snapshot read.
 */
interface Core {
  fork: number
  update(): Promise<boolean>
  length: number
  snapshot(): unknown
  session(opts?: unknown): unknown
  truncate(length: number): Promise<void>
}

let dir: string
let store: Corestore
let bee: Hyperbee
let core: Core

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outpost-latest-'))
  store = new Corestore(dir)
  const raw = store.get({ name: 'view' })
  bee = new Hyperbee(raw, { keyEncoding: 'utf-8', valueEncoding: 'json' })
  await bee.ready()
  core = bee.core as unknown as Core
  for (let i = 0; i < 200; i++) await bee.put(`k/${String(i).padStart(3, '0')}`, { i })
})

afterEach(async () => {
  vi.restoreAllMocks()
  await bee.close()
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

describe('reads of the view as it is now', () => {
  it('reads every key right, opening no session', async () => {
    const session = vi.spyOn(core, 'session') // a snapshot is a session too
    const reads = new LatestReads(bee)
    for (let i = 0; i < 200; i += 7) expect((await reads.get(`k/${String(i).padStart(3, '0')}`))?.value).toEqual({ i })
    expect(await reads.get('k/999')).toBeNull()
    expect(reads.current).toBe(true)
    await reads.close()
    expect(await getValue(bee, 'k/042')).toEqual({ i: 42 })
    expect(await getValue(bee, 'nothing')).toBeNull()
    // Hyperbee's own get opens one per read: the spy sees it, so the assertion above means something
    await bee.get('k/001')
    expect(session).toHaveBeenCalledTimes(1)
  })

  it('never updates the live core first: a snapshot does not, and an update applies a reorg a peer sent', async () => {
    const update = vi.spyOn(core, 'update')
    const reads = new LatestReads(bee)
    expect((await reads.get('k/003'))?.value).toEqual({ i: 3 })
    await reads.close()
    await getValue(bee, 'k/004')
    expect(update).not.toHaveBeenCalled()
    // a batch with Hyperbee's defaults does: the spy sees it
    const plain = bee.batch()
    await plain.get('k/005')
    await plain.close()
    expect(update).toHaveBeenCalled()
  })

  it('keeps a read when the view only grew, and says it is no longer current', async () => {
    const reads = new LatestReads(bee)
    expect((await reads.get('k/010'))?.value).toEqual({ i: 10 })
    await bee.put('k/010', { i: 'new' })
    // the batch reads the root as it is at each read: the newer value
    expect((await reads.get('k/010'))?.value).toEqual({ i: 'new' })
    expect(reads.current).toBe(false) // a dry run must not mix the two states
    await reads.close()
  })

  it('reads through a snapshot after a truncation, with the truncated view right', async () => {
    const reads = new LatestReads(bee)
    expect((await reads.get('k/150'))?.value).toEqual({ i: 150 })
    const snapshot = vi.spyOn(core, 'snapshot')
    await core.truncate(101) // the header and the first 100 puts stay: k/000 .. k/099
    expect(core.fork).toBe(1)
    expect(await reads.get('k/150')).toBeNull()
    expect((await reads.get('k/050'))?.value).toEqual({ i: 50 })
    expect(snapshot).toHaveBeenCalled()
    expect(reads.current).toBe(false)
    await reads.close()
    expect(await getLatest(bee, 'k/150')).toBeNull()
  })

  it('closes its batch: the view keeps no batch of it', async () => {
    const batches = (bee as unknown as { _batches: unknown[] })._batches
    const before = batches.length
    await getLatest(bee, 'k/001')
    const reads = new LatestReads(bee)
    await reads.get('k/002')
    expect(batches.length).toBe(before + 1)
    await reads.close()
    await reads.close()
    expect(batches.length).toBe(before)
  })
})
