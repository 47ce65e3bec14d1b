import { createRequire } from 'node:module'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Corestore from 'corestore'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

/**
 * The hypercore patch (patches/hypercore+11.37.1.patch): when Autobase commits a view it wrote in
 * a batch session, the blocks and tree nodes past the core's length go to storage a chunk (2,048
 * blocks) a write before the write that makes them part of the core. Seen before: a node that
 * joined a 20,000-roll site committed its whole view in one RocksDB batch (RSS 230 -> 783 MB).
 */
interface TxProto {
  flush: (this: { changes: unknown[] | null }) => Promise<boolean>
}
const require_ = createRequire(import.meta.url)
const txProto = (require_('hypercore-storage/lib/tx.js') as { CoreTX: { prototype: TxProto } }).CoreTX.prototype
const flush = txProto.flush

/** What the test uses of a Hypercore beyond the repo's types (types/holepunch.d.ts). */
interface Core {
  key: Buffer
  length: number
  ready(): Promise<void>
  get(index: number): Promise<Buffer | null>
  append(blocks: Buffer[]): Promise<unknown>
  keyPair: { publicKey: Buffer; secretKey: Buffer }
  session(opts: { name: string }): Core
  commit(batch: Core): Promise<unknown>
  update(opts: { wait: boolean }): Promise<boolean>
  close(): Promise<void>
}
const open = async (store: Corestore, opts: { name: string } | { key: Buffer } | { keyPair: Core['keyPair'] }): Promise<Core> => {
  // keyPair: a second store writing the same core (types/holepunch.d.ts does not list it)
  const core = store.get(opts) as unknown as Core
  await core.ready()
  return core
}

let dir: string
let largest = 0

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outpost-commit-'))
  largest = 0
  txProto.flush = function (this) {
    largest = Math.max(largest, this.changes === null ? 0 : this.changes.length)
    return flush.call(this)
  }
})
afterEach(async () => {
  txProto.flush = flush
  await rm(dir, { recursive: true, force: true })
})

const blocks = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => Buffer.from(`block ${from + i}`))

describe('a commit of a batch session into its core', () => {
  it('writes a large range in parts, and the core holds all of it, after a reopen too', async () => {
    let store = new Corestore(join(dir, 'store'))
    let core = await open(store, { name: 'view' })
    const batch = core.session({ name: 'batch' })
    await batch.ready()
    await batch.append(blocks(0, 12_000))
    largest = 0
    await core.commit(batch)
    expect(core.length).toBe(12_000)
    // one write held the whole range before: 12,000 blocks and ~24,000 tree nodes
    expect(largest).toBeLessThan(8_000)
    // a second commit on top of the first: the range starts at the core's length
    await batch.append(blocks(12_000, 20_000))
    largest = 0
    await core.commit(batch)
    expect(core.length).toBe(20_000)
    expect(largest).toBeLessThan(8_000)
    for (const i of [0, 2047, 2048, 11_999, 12_000, 19_999]) expect((await core.get(i))!.toString()).toBe(`block ${i}`)
    await batch.close()
    await store.close()

    store = new Corestore(join(dir, 'store'))
    core = await open(store, { name: 'view' })
    expect(core.length).toBe(20_000)
    for (const i of [0, 4096, 13_000, 19_999]) expect((await core.get(i))!.toString()).toBe(`block ${i}`)
    // the tree nodes written ahead are right: a peer verifies the blocks it downloads against them
    const peer = new Corestore(join(dir, 'peer'))
    const copy = await open(peer, { key: core.key })
    const left = store.replicate(true)
    const right = peer.replicate(false)
    left.pipe(right).pipe(left)
    for (const i of [1, 3000, 12_345, 19_999]) expect((await copy.get(i))!.toString()).toBe(`block ${i}`)
    left.destroy()
    right.destroy()
    await peer.close()
    await store.close()
  }, 120_000)

  it('writes in parts too when the core already holds the same tree (from a peer), and keeps it whole', async () => {
    // an Autobase view on a node that joins a site: the view's signed blocks come from a peer,
    // and the node then commits its own fold of the same blocks over them (seen: a joiner of a
    // 20,000-roll site rewrote its 164,347-block view in one batch, RSS 140 -> 690 MB)
    const source = new Corestore(join(dir, 'source'))
    const view = await open(source, { name: 'view' })
    await view.append(blocks(0, 12_000))
    const joiner = new Corestore(join(dir, 'joiner'))
    const own = await open(joiner, { keyPair: view.keyPair })
    const batch = own.session({ name: 'batch' })
    await batch.ready()
    await batch.append(blocks(0, 12_000))
    const left = source.replicate(true)
    const right = joiner.replicate(false)
    left.pipe(right).pipe(left)
    for (const i of [5, 9_000]) expect((await own.get(i))!.toString()).toBe(`block ${i}`)
    while (own.length < 12_000) await own.update({ wait: true })
    left.destroy()
    right.destroy()
    largest = 0
    await own.commit(batch)
    expect(own.length).toBe(12_000)
    expect(largest).toBeLessThan(8_000)
    for (const i of [0, 5, 2047, 2048, 9_000, 11_999]) expect((await own.get(i))!.toString()).toBe(`block ${i}`)
    await batch.close()
    await joiner.close()
    await source.close()
  }, 120_000)
})
