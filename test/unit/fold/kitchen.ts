import { OverlayBatch } from '../../../daemon/view/overlay-batch.js'
import { ViewWriter } from '../../../daemon/view/view-writer.js'
import { offlineHost } from '../../../daemon/fold/context.js'
import { foldOperation, type FoldOutcome } from '../../../daemon/fold/fold-operation.js'
import { conflictId, conflictKey, ticketKey } from '../../../daemon/view/keys.js'
import type { ConflictRecord, Hlc, TicketRecord } from '../../../protocol/index.js'
import type { Fixture } from './fixture.js'
import { op, stampAs, type Step } from './table.js'

/**
 * The kitchen's state for the fold tables, folded on top of the shared fixture (fixture.ts) by
 * each row: stations grill and cold (prep) and expo, menu items burger (grill, number 1) and salad
 * (cold, number 2), the truck shift `lunch`. Tickets are made by kim (kitchen); the menu and
 * stations by max (manager).
 */
export const kitchen = (): Step[] => [
  op('stations.set', { id: 'grill', name: 'Grill' }, 'max'),
  op('stations.set', { id: 'cold', name: 'Cold' }, 'max'),
  op('stations.set', { id: 'expo', name: 'Expo', kind: 'expo' }, 'max'),
  op('shifts.checkIn', { id: 'lunch', kind: 'truck', who: 'Truck 1' }, 'kim'),
  op('menu.set', { id: 'burger', number: 1, name: 'Burger', category: 'mains', price: 1250, station: 'grill' }, 'max'),
  op('menu.set', { id: 'salad', number: 2, name: 'Salad', category: 'starters', price: 700, station: 'cold' }, 'max'),
]

export const item = (id: 'burger' | 'salad' | 'pizza', qty = 1, station = id === 'burger' ? 'grill' : 'cold') => ({
  item: id,
  name: id === 'burger' ? 'Burger' : 'Salad',
  qty,
  modifiers: [],
  note: null,
  allergies: [],
  course: 1,
  station,
  price: id === 'burger' ? 1250 : 700,
})

export const fire = (id = 'T', items = [item('burger'), item('salad')], shift: string | null = 'lunch', by = 'kim') =>
  op('tickets.fire', { id, source: 'counter', label: 'table 4', note: null, shift, items }, by)
export const bump = (station: string, ticket = 'T') => op('tickets.bump', { ticket, station }, 'kim')
export const start = (station: string, ticket = 'T') => op('tickets.start', { ticket, station }, 'kim')
export const serve = (ticket = 'T') => op('tickets.serve', { ticket }, 'kim')
export const hold = (ticket = 'T') => op('tickets.hold', { ticket }, 'kim')
export const resume = (ticket = 'T') => op('tickets.resume', { ticket }, 'kim')
export const cancel = (ticket = 'T', reason = 'customer left') => op('tickets.cancel', { ticket, reason }, 'kim')
export const recall = (station: string | null, ticket = 'T') => op('tickets.recall', { ticket, station }, 'kim')
export const add = (items = [item('burger')], ticket = 'T') => op('tickets.add', { ticket, items }, 'kim')
export const advance = (...tickets: string[]) => op('tickets.advance', { tickets }, 'kim')

/** The ticket in each state, on top of the kitchen. */
export const STATES = {
  new: () => [...kitchen(), fire()],
  'in-progress': () => [...kitchen(), fire(), bump('grill')],
  ready: () => [...kitchen(), fire(), bump('grill'), bump('cold')],
  served: () => [...kitchen(), fire(), bump('grill'), bump('cold'), serve()],
  cancelled: () => [...kitchen(), fire(), cancel()],
  held: () => [...kitchen(), fire(), hold()],
} satisfies Record<string, () => Step[]>

/** A step stamped with its clock moved on by `ms` (a recall long after the serve). */
export const later = (step: Step, ms: number): Step => {
  if (!('draft' in step)) throw new Error('later() takes a draft step')
  return {
    envelope: (fx: Fixture) => {
      const e = stampAs(fx.node, step.draft, step.by ?? 'admin', fx.node.nodeKey)
      const hlc: Hlc = { t: e.hlc.t + ms, c: 0 }
      return { ...e, hlc }
    },
  }
}

export interface Folded {
  outcomes: FoldOutcome[]
  ticket: (id?: string) => Promise<TicketRecord | null>
  get: <T>(key: string) => Promise<T | null>
  conflicts: () => Promise<ConflictRecord[]>
}

/** Fold steps over the fixture's view (nothing written) and read what they made. */
export async function foldAndRead<T>(fx: Fixture, steps: Step[], read: (f: Folded) => Promise<T>): Promise<T> {
  const node = fx.node
  const snapshot = node.base.view.snapshot()
  try {
    const view = await ViewWriter.open(new OverlayBatch(snapshot))
    const host = offlineHost(node.nodeKey)
    const outcomes: FoldOutcome[] = []
    const firstSeq = view.seq
    for (const [i, step] of steps.entries()) {
      const envelope = 'envelope' in step ? step.envelope(fx) : stampAs(node, step.draft, step.by ?? 'admin', node.nodeKey)
      outcomes.push(await foldOperation(view, envelope, { from: node.nodeKey, block: node.base.local.length + i, index: 0 }, host))
      await view.flushDeferred()
    }
    const conflicts = async () => {
      const out: ConflictRecord[] = []
      // a rejection or an oversold ticket is flagged under its operation's seq, with no suffix; a
      // bump, serve, hold or resume a cancel undoes, under the cancel's seq and the operation (ticket-cancel.ts)
      const undoable = outcomes.flatMap((o) =>
        o.status === 'applied' && ['tickets.bump', 'tickets.serve', 'tickets.hold', 'tickets.resume'].includes(o.op.type) ? [o.op] : [],
      )
      for (let seq = firstSeq; seq < view.seq; seq++) {
        for (const suffix of [undefined, ...undoable.map((o) => `${o.type} ${o.id}`)]) {
          const c = await view.get<ConflictRecord>(conflictKey(conflictId(seq, suffix)))
          if (c !== null) out.push(c)
        }
      }
      return out
    }
    return await read({ outcomes, ticket: (id = 'T') => view.get<TicketRecord>(ticketKey(id)), get: (k) => view.get(k), conflicts })
  } finally {
    await snapshot.close()
  }
}
