import type { OperationDraft } from '../../protocol/index.js'
import type { OutpostNode } from '../../daemon/node.js'
import { pick } from '../helpers/seeded-random.js'
import type { Action, Pools } from './site-operations.js'

/**
 * Moves and undos for the convergence property test (issue #21), kept apart from
 * site-operations.ts so other generators (kitchen) merge beside it: a roll moved to another
 * shelf (`stock.move`), a pick undone (`picking.unpick`), a count scan undone (`counting.unscan`)
 * and a receipt undone (`stock.unreceive`). Each reads the acting node's view as a person there
 * would, and now and then names a roll the node has not seen, so nodes apart collide: a roll
 * moved on one node and shipped on another, a receipt undone after another node picked it.
 */
const op = (type: string, payload: unknown): OperationDraft => ({ type, payload })
const LOCATIONS = ['A-01', 'B-01', 'C-01']

export async function moveOrUndo(rand: () => number, node: OutpostNode, n: number, pools: Pools): Promise<Action> {
  const rolls = await node.read.stock.rolls({ limit: 1000 })
  const some = (state: string) => rolls.filter((r) => r.state === state)
  const choice = rand()
  if (choice < 0.4) {
    const shelf = some('in-stock')
    const roll = shelf.length > 0 ? pick(rand, shelf) : null
    const code = roll?.code ?? pick(rand, pools.rolls)
    const from = roll?.location ?? pick(rand, LOCATIONS)
    const to = pick(
      rand,
      LOCATIONS.filter((l) => l !== from),
    )
    return { by: 'pia', drafts: [op('stock.move', { roll: code, from, to })] }
  }
  if (choice < 0.6) {
    const picked = some('picked')
    const roll = picked.length > 0 && rand() < 0.8 ? pick(rand, picked) : null
    const order = roll?.order ?? pick(rand, ['SO-1', 'SO-2', 'SO-3'])
    return { by: 'pia', drafts: [op('picking.unpick', { order, roll: roll?.code ?? pick(rand, pools.rolls) })] }
  }
  if (choice < 0.8) {
    // a count scanned and the scan taken back in the same block, or a scan taken back from a session another node opened
    const session = `C-${n}-${++pools.made[n]!}`
    const location = pick(rand, LOCATIONS)
    const code = pick(rand, pools.rolls)
    const drafts = [op('counting.open', { session, location }), op('counting.scan', { session, codes: [code] })]
    drafts.push(op('counting.unscan', { session: rand() < 0.8 ? session : `C-${(n + 1) % 3}-1`, code }))
    return { by: 'pia', drafts }
  }
  // the person who received them, or another now and then (refused: only your own receipt)
  const code = rand() < 0.7 && some('in-stock').length > 0 ? pick(rand, some('in-stock')).code : pick(rand, pools.rolls)
  return { by: rand() < 0.8 ? 'pia' : 'max', drafts: [op('stock.unreceive', { rolls: [code] })] }
}
