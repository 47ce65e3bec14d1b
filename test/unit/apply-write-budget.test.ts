import { createRequire } from 'node:module'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../daemon/logger.js'
import { BOUNDED } from '../../daemon/memory.js'
import { OutpostNode } from '../../daemon/node.js'
import { foundSite } from '../../daemon/site.js'
import { eventually } from '../helpers/eventually.js'

/**
 * The autobase patch's applyWriteBudget (patches/autobase+7.28.1.patch): every write of one
 * Autobase update waits in the store's atomic batch until the update ends. Seen: a node joining
 * a site of 500-roll receives held ~250,000 writes in one batch (570 MB peak for 20,000 rolls).
 */
interface ApplyStateProto {
  _countWrites: (this: { base: unknown; store: { atom: { view: { size(): number } } | null } }) => void
}
const require_ = createRequire(import.meta.url)
const proto = (require_('autobase/lib/apply-state.js') as { prototype: ApplyStateProto }).prototype

const BLOCKS = 24
const NOTES_A_BLOCK = 100
const BUDGET = 300

let dir: string
let nodes: OutpostNode[]
const countWrites = proto._countWrites

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outpost-apply-budget-'))
  nodes = []
})
afterEach(async () => {
  proto._countWrites = countWrites
  for (const n of nodes) await n.close()
  await rm(dir, { recursive: true, force: true })
})

/** A founder with BLOCKS blocks of notes; a joiner with `applyWrites` catches up on them. */
async function join_(applyWrites: number): Promise<{ largest: number; perBlock: number; joiner: OutpostNode }> {
  const logger = createLogger('silent')
  const founder = new OutpostNode({ storageDir: join(dir, 'n0'), site: null, logger })
  await founder.open()
  nodes.push(founder)
  await foundSite(founder, { name: 'Test site', nodeName: 'n0', adminSecret: 'TEST-0000' })
  // the writes each update held in its atomic batch: the founder's, one block each, and the
  // largest of the joiner's
  const founderSizes: number[] = []
  let largest = 0
  let joiner: OutpostNode | null = null
  proto._countWrites = function (this) {
    const size = this.store.atom === null ? 0 : this.store.atom.view.size()
    if (this.base === founder.base) founderSizes.push(size)
    else if (joiner !== null && this.base === joiner.base) largest = Math.max(largest, size)
    countWrites.call(this)
  }
  for (let b = 0; b < BLOCKS; b++) {
    const drafts = Array.from({ length: NOTES_A_BLOCK }, (_, i) => ({ type: 'notes.post' as const, payload: { text: `note ${b}.${i}` } }))
    await founder.append(founder.stamp(drafts, 'admin'))
  }
  joiner = new OutpostNode({
    storageDir: join(dir, 'n1'),
    site: founder.base.key,
    memory: { ...BOUNDED, applyWrites },
    logger,
  })
  await joiner.open()
  nodes.push(joiner)
  const left = founder.base.replicate(true)
  const right = joiner.base.replicate(false)
  left.pipe(right).pipe(left)
  left.on('error', () => undefined)
  right.on('error', () => undefined)
  await eventually(
    async () => {
      await Promise.all(nodes.map((n) => n.base.update()))
      return joiner.base.view.core.length === founder.base.view.core.length
    },
    'the joiner caught up',
    { timeoutMs: 120_000 },
  )
  const notes = await joiner.read.notes.notes({ archived: false, limit: 5000 })
  expect(notes.length).toBe(BLOCKS * NOTES_A_BLOCK)
  left.destroy()
  right.destroy()
  // a block of notes writes about the same each: the median of the founder's updates
  const perBlock = [...founderSizes].sort((a, b) => a - b)[Math.floor(founderSizes.length / 2)]!
  console.log(applyWrites, perBlock, largest)
  return { largest, perBlock, joiner }
}

describe('applyWriteBudget', () => {
  it('a node catching up holds about the budget of writes in one update, not the whole catch-up', async () => {
    const { largest, perBlock } = await join_(BUDGET)
    // a block of notes is more than the budget: updates of one block each, after a first of two
    expect(perBlock).toBeGreaterThan(BUDGET)
    expect(largest).toBeLessThanOrEqual(perBlock * 2.5)
  }, 180_000)

  it('without it (Autobase: 64 operations an update) one update holds the whole catch-up', async () => {
    // the check above means something only if the same catch-up is one large batch without it
    const { largest, perBlock } = await join_(0)
    expect(largest).toBeGreaterThan(perBlock * (BLOCKS / 2))
  }, 180_000)
})
