import { describe, expect, it } from 'vitest'
import type { OperationDraft } from '../../protocol/index.js'
import type { OutpostNode } from '../../daemon/node.js'
import { InProcessSite } from '../helpers/in-process-site.js'
import { pick, seededRandom } from '../helpers/seeded-random.js'

/**
 * Stock under partitions: three writers ship, hold, release, count missing, find and cancel the
 * same four rolls for six orders while random links come and go (many of these the fold rejects,
 * or turns into conflicts). After all links mend:
 * - every node shows the same view hash;
 * - the balance differs from its rolls exactly when some roll is listed as left twice (a unit
 *   that leaves twice is always caught, and nothing else breaks the pair, issue #14);
 * - once a manager names what kept each such roll, every balance equals its rolls again.
 *
 * SEED=n replays one run. Seeds that once failed go in PAST_FAILURES and run forever.
 */
const PAST_FAILURES: number[] = []
const RANDOM_RUNS = Number(process.env.CONVERGENCE_RUNS ?? 3)
const seeds =
  process.env.SEED !== undefined
    ? [Number(process.env.SEED)]
    : [...PAST_FAILURES, ...Array.from({ length: RANDOM_RUNS }, () => Math.floor(Math.random() * 2 ** 31))]

const ROLLS = ['R-1', 'R-2', 'R-3', 'R-4']
const ORDERS = ['SO-1', 'SO-2', 'SO-3', 'SO-4', 'SO-5', 'SO-6']
const op = (type: string, payload: unknown): OperationDraft => ({ type, payload })

function randomAction(rand: () => number, session: string): OperationDraft[] {
  const roll = pick(rand, ROLLS)
  const order = pick(rand, ORDERS)
  const choice = rand()
  if (choice < 0.4) return [op('picking.scan', { order, roll, location: 'A-01' }), op('orders.fulfil', { order, rolls: [roll] })]
  if (choice < 0.55) return [op('orders.reserve', { order, line: 0, rolls: [roll] })]
  if (choice < 0.7) {
    const approve = op('counting.approve', { session, variances: [{ roll, kind: 'missing' }] })
    return [op('counting.open', { session, location: 'A-01' }), approve]
  }
  if (choice < 0.8) {
    const scan = op('counting.scan', { session, codes: [roll] })
    return [
      op('counting.open', { session, location: 'A-01' }),
      scan,
      op('counting.approve', { session, variances: [{ roll, kind: 'found' }] }),
    ]
  }
  if (choice < 0.9) return [op('orders.cancel', { order, reason: 'changed their mind' })]
  return [op('orders.release', { order, rolls: [roll] })]
}

async function converged(site: InProcessSite, total: number): Promise<string[]> {
  await site.until(async () => (await site.folded()).every((n) => n === total), `every node to fold all ${total} operations`)
  return site.hashes()
}

async function runScenario(seed: number) {
  const rand = seededRandom(seed)
  const site = await InProcessSite.create(3)
  const founder = site.nodes[0] as OutpostNode
  let total = 4 // genesis (2 operations) and two mesh.addNode
  const append = async (node: OutpostNode, drafts: OperationDraft[]) => {
    total += drafts.length
    await node.append(node.stamp(drafts, 'admin'))
  }
  try {
    await append(founder, [
      op('catalog.products.upsert', { products: [{ sku: 'POP', name: 'Poplin', unit: 'm', barcodes: [], attributes: {} }] }),
      op('catalog.locations.upsert', { locations: [{ code: 'A-01', barcode: null, rack: 'A', bin: '01' }] }),
      op('stock.receive', { sku: 'POP', lot: 'L1', location: 'A-01', supplier: null, rolls: ROLLS.map((code) => ({ code, milli: 5000 })) }),
      ...ORDERS.map((id) => op('orders.create', { id, customer: null, lines: [{ sku: 'POP', quality: null, color: null, milli: 5000 }] })),
    ])
    site.connectAll()
    await converged(site, total)
    const rounds = 3 + Math.floor(rand() * 3)
    for (let round = 0; round < rounds; round++) {
      site.disconnectAll()
      for (const [a, b] of [
        [0, 1],
        [0, 2],
        [1, 2],
      ] as const)
        if (rand() < 0.4) site.connect(a, b)
      for (const [n, node] of site.nodes.entries()) {
        const actions = 1 + Math.floor(rand() * 3)
        for (let i = 0; i < actions; i++) await append(node, randomAction(rand, `C-${round}-${n}-${i}`))
      }
      const steps = Math.floor(rand() * 3)
      for (let s = 0; s < steps; s++) await Promise.all(site.nodes.map((n) => n.base.update()))
    }
    site.connectAll()
    const met = await converged(site, total)
    const open = (await founder.read.conflicts.conflicts(true, 1000)).filter((c) => c.kind === 'left-twice')
    const before = await Promise.all(site.nodes.map((n) => n.read.stock.check()))
    // a manager names what kept each roll that left twice (one departure at random)
    const decisions = open.map((c) => {
      const kept = pick(rand, c.unit!.departures).op
      return op('conflicts.resolve', { conflict: c.id, note: 'decided', correction: null, kept })
    })
    if (decisions.length > 0) await append(founder, decisions)
    const settled = await converged(site, total)
    const after = await Promise.all(site.nodes.map((n) => n.read.stock.check()))
    return { met, settled, leftTwice: open.length, before, after }
  } finally {
    await site.close()
  }
}

describe('stock under random operations, replication orders and partitions', () => {
  for (const seed of seeds) {
    it(`seed ${seed}`, { timeout: 180_000 }, async () => {
      let r
      try {
        r = await runScenario(seed)
      } catch (err) {
        throw new Error(`stock convergence failed for seed ${seed} (replay: SEED=${seed}): ${String(err)}`)
      }
      const same = (hashes: string[]) => hashes.map(() => hashes[0])
      expect(r.met, `seed ${seed}: view hashes differ after meeting`).toEqual(same(r.met))
      expect(r.settled, `seed ${seed}: view hashes differ after the decisions`).toEqual(same(r.settled))
      for (const check of r.before) {
        expect(check.differences, `seed ${seed}: balances against the ledger`).toEqual([])
        expect(check.units.length > 0, `seed ${seed}: balances against rolls, with ${r.leftTwice} rolls left twice`).toBe(r.leftTwice > 0)
      }
      for (const check of r.after) expect(check, `seed ${seed}: after the decisions`).toMatchObject({ differences: [], units: [] })
    })
  }
})
