import { describe, expect, it } from 'vitest'
import type { ConflictRecord } from '../../protocol/index.js'
import type { OutpostNode } from '../../daemon/node.js'
import { verifyView } from '../../daemon/verify.js'
import { InProcessSite } from '../helpers/in-process-site.js'
import { seededRandom } from '../helpers/seeded-random.js'
import { randomAction, setup, SETUP_ROLLS, type Action, type Pools } from './site-operations.js'
import { kitchenAction, kitchenSetup, type KitchenPools } from './kitchen-operations.js'

/**
 * The core invariant: nodes that hold the same operations have the same view, whatever order
 * the operations reached them in. Three writers do a site's work (catalog, receiving, orders,
 * reservations, picks and shipping, counts and their approval, conflict settling, printing,
 * notes and people: see site-operations.ts) while random links between them come and go; at the
 * end all links mend, and on every node:
 * - the view hash is the same, and all operations are folded;
 * - the view re-folds from the log to the same hash (verify), so the fold depends on nothing but
 *   the operations (seen: a stock event timed by the local clock passed the old version of this
 *   test, which made only notes and people);
 * - balances equal their ledger; once a manager has settled each roll that left twice, balances
 *   equal their rolls and orders their rolls too.
 * Over the run, conflicts and rejected operations must have happened: otherwise the run proved
 * nothing about them.
 *
 * SEED=n replays one run; OUTPOST_PROPERTY_SEEDS=n runs n random seeds (default 3, besides PAST_FAILURES). Seeds that
 * once failed go in PAST_FAILURES and run forever.
 */
// 253219567: a roll shipped, found by a count, shipped again: two orders listed it (count.ts, "found")
// 725296969: a roll left twice, was found, shipped again; the settlement put it back on the order it kept (units.ts)
// 456457467: a product's name edited on two nodes apart (a field clash) and two rollbacks that stood (field merge, history.restore)
const PAST_FAILURES: number[] = [253219567, 725296969, 2094200752, 456457467]
const RANDOM_RUNS = Number(process.env.OUTPOST_PROPERTY_SEEDS ?? process.env.CONVERGENCE_RUNS ?? 3)
const seeds =
  process.env.SEED !== undefined
    ? [Number(process.env.SEED)]
    : [...PAST_FAILURES, ...Array.from({ length: RANDOM_RUNS }, () => Math.floor(Math.random() * 2 ** 31))]

interface Outcome {
  total: number
  hashes: string[]
  folded: number[]
  rejected: number[]
  conflicts: Record<ConflictRecord['kind'], number>
  verified: boolean[]
  ledger: Array<Awaited<ReturnType<OutpostNode['read']['stock']['check']>>>
  settled: Array<Awaited<ReturnType<OutpostNode['read']['stock']['check']>>>
  settledHashes: string[]
}

async function runScenario(seed: number): Promise<Outcome> {
  const rand = seededRandom(seed)
  // the kitchen's own stream: the seeds kept for the stock work replay the same stock work
  const kitchenRand = seededRandom(seed ^ 0x6b697463)
  const kitchen: KitchenPools = { tickets: [], made: [0, 0, 0] }
  const site = await InProcessSite.create(3)
  const founder = site.nodes[0]!
  // genesis (site.create, person.add) and two writer.add
  let total = 4
  const pools: Pools = { notes: [], rolls: [...SETUP_ROLLS], jobs: [], made: [0, 0, 0] }
  const append = async (node: OutpostNode, action: Action) => {
    const stamped = node.stamp(action.drafts, action.by)
    for (const op of stamped) {
      if (op.type === 'notes.post') pools.notes.push(op.id)
      if (op.type === 'printing.queue') pools.jobs.push(op.id)
    }
    await node.append(stamped)
    total += stamped.length
  }
  const converge = async () => {
    site.connectAll()
    await site.until(async () => (await site.folded()).every((n) => n === total), `every node to fold all ${total} operations`, 60_000)
  }
  try {
    for (const action of [...setup(), ...kitchenSetup()]) await append(founder, action)
    await append(site.nodes[1]!, {
      by: '@system',
      drafts: [{ type: 'printing.announce', payload: { id: 'p-1', name: 'Desk', profile: 'escpos-80-tr' } }],
    })
    await converge()
    const rounds = 4 + Math.floor(rand() * 4)
    for (let round = 0; round < rounds; round++) {
      // a random partition: each link is up with probability 0.4; in the first round all nodes are apart
      site.disconnectAll()
      for (const [a, b] of [
        [0, 1],
        [0, 2],
        [1, 2],
      ] as const)
        if (rand() < 0.4 && round > 0) site.connect(a, b)
      for (const [n, node] of site.nodes.entries()) {
        const actions = 1 + Math.floor(rand() * 4)
        for (let i = 0; i < actions; i++) await append(node, await randomAction(rand, node, n, pools))
        const cooking = Math.floor(kitchenRand() * 3)
        for (let i = 0; i < cooking; i++) await append(node, await kitchenAction(kitchenRand, node, n, kitchen))
      }
      // let the links that are up carry something, a random amount
      const steps = Math.floor(rand() * 3)
      for (let s = 0; s < steps; s++) await Promise.all(site.nodes.map((n) => n.base.update()))
    }
    await converge()
    const hashes = await site.hashes()
    const folded = await site.folded()
    const met = total
    const rejected = await Promise.all(
      site.nodes.map(async (n) => (await n.read.system.audit({ limit: 100_000 })).filter((e) => e.status === 'rejected').length),
    )
    const all = await founder.read.conflicts.conflicts(false, 100_000)
    const conflicts = { rejected: 0, 'negative-balance': 0, 'left-twice': 0, oversold: 0, 'field-clash': 0 }
    for (const c of all) conflicts[c.kind]++
    const restores = (await founder.read.system.audit({ limit: 100_000 })).filter((e) => e.type === 'history.restore')
    console.log(`seed ${seed}: rollbacks ${restores.map((e) => e.status).join(' ') || 'none'}`)
    const verified = await Promise.all(site.nodes.map(async (n) => (await verifyView(n)).consistent))
    const ledger = await Promise.all(site.nodes.map((n) => n.read.stock.check()))
    // a manager names what kept each roll that left twice (the first departure): then rolls and balances agree
    const open = all.filter((c) => c.kind === 'left-twice' && c.resolution === null)
    const decisions = open.map((c) => ({
      type: 'conflicts.resolve',
      payload: { conflict: c.id, note: 'settled', correction: null, kept: c.unit!.departures[0]!.op },
    }))
    if (decisions.length > 0) await append(founder, { by: 'admin', drafts: decisions })
    await converge()
    const settled = await Promise.all(site.nodes.map((n) => n.read.stock.check()))
    return { total: met, hashes, folded, rejected, conflicts, verified, ledger, settled, settledHashes: await site.hashes() }
  } finally {
    await site.close()
  }
}

const seen = {
  runs: 0,
  ops: 0,
  rejected: 0,
  conflicts: { rejected: 0, 'negative-balance': 0, 'left-twice': 0, 'field-clash': 0, oversold: 0 },
}

describe('convergence under random site work, replication orders and partitions', () => {
  for (const seed of seeds) {
    it(`seed ${seed}`, { timeout: 180_000 }, async () => {
      let r: Outcome
      try {
        r = await runScenario(seed)
      } catch (err) {
        throw new Error(
          `convergence failed for seed ${seed} (replay: SEED=${seed} npx vitest run test/property/convergence.test.ts): ${String(err)}`,
        )
      }
      const replay = `seed ${seed} (replay: SEED=${seed} npx vitest run test/property/convergence.test.ts)`
      const same = <T>(list: T[]) => list.map(() => list[0])
      expect(r.hashes, `${replay}: view hashes differ`).toEqual(same(r.hashes))
      expect(r.folded, `${replay}: operations folded`).toEqual(r.folded.map(() => r.total))
      expect(r.rejected, `${replay}: rejected operations`).toEqual(same(r.rejected))
      expect(r.verified, `${replay}: each view re-folds from its log to the same hash`).toEqual(r.verified.map(() => true))
      for (const check of r.ledger) expect(check.differences, `${replay}: balances against the ledger`).toEqual([])
      for (const check of r.settled) expect(check, `${replay}: after settling`).toMatchObject({ differences: [], units: [], orders: [] })
      expect(r.settledHashes, `${replay}: view hashes differ after settling`).toEqual(same(r.settledHashes))
      seen.runs++
      seen.ops += r.total
      seen.rejected += r.rejected[0]!
      for (const kind of Object.keys(seen.conflicts) as Array<keyof typeof seen.conflicts>) seen.conflicts[kind] += r.conflicts[kind]
      console.log(`seed ${seed}: ${r.total} operations, ${r.rejected[0]} rejected, conflicts ${JSON.stringify(r.conflicts)}`)
    })
  }

  // last in the file, so it runs after every seed (tests of a file run in order); a replay of one seed proves no count
  it.skipIf(process.env.SEED !== undefined)('over the run: conflicts and rejected operations happened', () => {
    console.log(
      `convergence over ${seen.runs} seeds: ${seen.ops} operations, ${seen.rejected} rejected, conflicts ${JSON.stringify(seen.conflicts)}`,
    )
    expect(seen.runs, 'seeds that passed (a failing seed says why above)').toBe(seeds.length)
    // not per seed: a short run may make none of some kind; over the run they must happen, or it proved nothing about them
    expect(seen.rejected, 'rejected operations over the run').toBeGreaterThan(0)
    expect(seen.conflicts.rejected, 'operations rejected after nodes met, over the run').toBeGreaterThan(0)
    // measured: a roll left twice in 4 of the first 10 seeds, so a handful of seeds may see none
    if (seeds.length >= 20) expect(seen.conflicts['left-twice'], 'rolls that left twice, over the run').toBeGreaterThan(0)
    // the last burger sold on nodes apart (kitchen-operations.ts: two portions a shift): seen in every one of the first seeds
    expect(seen.conflicts.oversold, 'tickets oversold, over the run').toBeGreaterThan(0)
    // the same field of a product edited on nodes apart (site-operations.ts, fieldEdit)
    if (seeds.length >= 20) expect(seen.conflicts['field-clash'], 'fields edited on two nodes apart, over the run').toBeGreaterThan(0)
  })
})
