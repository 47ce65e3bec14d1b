import type { OperationDraft } from '../../protocol/index.js'
import type { OutpostNode } from '../../daemon/node.js'
import { cancelSeen } from '../../daemon/fold/ticket-cancel.js'
import { pick } from '../helpers/seeded-random.js'
import { PIN, type Action } from './site-operations.js'

/**
 * Kitchen work for the convergence property test (issue #17): fire, add a part, bump at a prep
 * station or expo, hold and resume, cancel (with what the node saw, as the socket sends it),
 * recall, bulk advance, an item marked out, and a stock of two burgers per shift so nodes apart
 * sell the last portion twice. Drawn from its own random stream (convergence.test.ts), so the
 * seeds kept for the stock work replay the same stock work. Kept small: CI time is tight.
 */

const op = (type: string, payload: unknown): OperationDraft => ({ type, payload })
const ITEMS = {
  burger: { name: 'Burger', station: 'grill', price: 1250 },
  salad: { name: 'Salad', station: 'cold', price: 700 },
} as const
const item = (id: keyof typeof ITEMS, qty: number) => ({
  item: id,
  name: ITEMS[id].name,
  qty,
  modifiers: [],
  note: null,
  allergies: [],
  course: 1,
  station: ITEMS[id].station,
  price: ITEMS[id].price,
})

/** The kitchen on the founder before the nodes part: kim (kitchen), stations, menu, the lunch shift, two burgers. */
export function kitchenSetup(): Action[] {
  return [
    {
      by: 'admin',
      drafts: [
        op('people.add', { id: 'kim', name: 'Kim', role: 'kitchen', pinHash: PIN }),
        op('stations.set', { id: 'grill', name: 'Grill' }),
        op('stations.set', { id: 'cold', name: 'Cold' }),
        op('stations.set', { id: 'expo', name: 'Expo', kind: 'expo' }),
        op('menu.set', { id: 'burger', number: 1, name: 'Burger', category: 'mains', price: 1250, station: 'grill' }),
        op('menu.set', { id: 'salad', number: 2, name: 'Salad', category: 'starters', price: 700, station: 'cold' }),
      ],
    },
    {
      by: 'kim',
      drafts: [
        op('shifts.checkIn', { id: 'lunch', kind: 'truck', who: 'Truck 1' }),
        op('menu.stock', { shift: 'lunch', item: 'burger', portions: 2 }),
      ],
    },
  ]
}

/** What the generator knows of the kitchen over the whole run. */
export interface KitchenPools {
  tickets: string[]
  made: number[]
}

/** One random kitchen action of node `n`, as a kitchen hand there would make it from what the node shows. */
export async function kitchenAction(rand: () => number, node: OutpostNode, n: number, pools: KitchenPools): Promise<Action> {
  const choice = rand()
  const by = 'kim'
  if (choice < 0.25 || pools.tickets.length === 0) {
    const id = `T-${n}-${++pools.made[n]!}`
    pools.tickets.push(id)
    const items = rand() < 0.6 ? [item('burger', 1)] : [item('salad', 1), item('burger', 1)]
    return { by, drafts: [op('tickets.fire', { id, source: 'counter', label: `table ${n}`, note: null, shift: 'lunch', items })] }
  }
  const ticket = pick(rand, pools.tickets)
  const seen = await node.read.tickets.ticket(ticket)
  if (choice < 0.5) return { by, drafts: [op('tickets.bump', { ticket, station: pick(rand, ['grill', 'cold', 'expo']) })] }
  if (choice < 0.6) {
    const ids = seen === null ? [] : cancelSeen(seen)
    return { by, drafts: [op('tickets.cancel', { ticket, reason: 'customer left', seen: ids })] }
  }
  if (choice < 0.68) return { by, drafts: [op(seen?.held ? 'tickets.resume' : 'tickets.hold', { ticket })] }
  if (choice < 0.76) return { by, drafts: [op('tickets.recall', { ticket, station: pick(rand, ['grill', null]) })] }
  if (choice < 0.84) return { by, drafts: [op('tickets.add', { ticket, items: [item('burger', 1)] })] }
  if (choice < 0.9) return { by, drafts: [op('tickets.advance', { tickets: pools.tickets.slice(-5) })] }
  if (choice < 0.95) return { by, drafts: [op('menu.out', { shift: 'lunch', item: pick(rand, ['burger', 'salad']), out: rand() < 0.7 })] }
  return { by, drafts: [op('menu.stock', { shift: 'lunch', item: 'burger', portions: pick(rand, [1, 2, 3]) })] }
}
