import type { COUNTING_OPERATIONS, CountRecord, RollRecord, StockLocation } from '../../protocol/index.js'
import { countKey, locationKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'
import { reject, type Handler, type HandlersOf } from './context.js'
import { dropHold } from './orders.js'
import { post, putRoll, rollOrReject } from './stock.js'
import { departureOf } from './conflict-flags.js'
import { unship } from './conflicts.js'
import { emit } from './events.js'

/** A count session holds at most this many scans: a shelf, not a warehouse. */
export const MAX_COUNT_SCANS = 5000

async function openCount(view: ViewWriter, id: string): Promise<CountRecord> {
  const count = await view.get<CountRecord>(countKey(id))
  if (count === null) reject(`no count session ${id}`)
  if (count.state !== 'open') reject(`count session ${id} is ${count.state} already`)
  return count
}

export const countOpen: Handler<'counting.open'> = async ({ view, op }) => {
  const { session, location } = op.payload
  if ((await view.get<StockLocation>(locationKey(location))) === null) reject(`no location ${location}`)
  if ((await view.get(countKey(session))) !== null) reject(`count session ${session} exists already`)
  const count: CountRecord = { id: session, location, state: 'open', openedBy: op.person, at: op.hlc.t, scans: [], decidedBy: null }
  await view.put(countKey(session), count)
}

export const countScan: Handler<'counting.scan'> = async ({ view, op }) => {
  const count = await openCount(view, op.payload.session)
  const scans = [...count.scans, ...op.payload.codes]
  if (scans.length > MAX_COUNT_SCANS) reject(`a count session holds up to ${MAX_COUNT_SCANS} scans: start another for the rest`)
  await view.put(countKey(count.id), { ...count, scans })
}

/** Undo of a count scan: the last scan of that code leaves the open session. */
export const countUnscan: Handler<'counting.unscan'> = async ({ view, op }) => {
  const count = await openCount(view, op.payload.session)
  const at = count.scans.lastIndexOf(op.payload.code)
  if (at < 0) reject(`${op.payload.code} was not scanned in count ${count.id}`)
  await view.put(countKey(count.id), { ...count, scans: count.scans.filter((_, i) => i !== at) })
}

export const countCancel: Handler<'counting.cancel'> = async ({ view, op }) => {
  const count = await openCount(view, op.payload.session)
  await view.put(countKey(count.id), { ...count, state: 'cancelled', decidedBy: op.person })
}

/**
 * A manager's approval turns the variances they saw into ledger entries. Each is checked against
 * the view as it stands when folded: one that no longer holds (the roll moved meanwhile on
 * another node) rejects the approval, which then shows under Conflicts, to be looked at again.
 */
export const countApprove: Handler<'counting.approve'> = async ({ view, op }) => {
  const count = await openCount(view, op.payload.session)
  const here = count.location
  const scanned = new Set(count.scans)
  for (const { roll: code, kind } of op.payload.variances) {
    const roll = await rollOrReject(view, code)
    const move = { sku: roll.sku, lot: roll.lot, roll: code }
    if (kind === 'missing') {
      if (scanned.has(code) || roll.state !== 'in-stock' || roll.location !== here) reject(`roll ${code} is no longer missing from ${here}`)
      if (roll.order !== null) {
        await post(view, op, { ...move, type: 'RESERVATION_RELEASE', location: here, milli: -roll.milli })
        await dropHold(view, roll.order, code)
      }
      await post(view, op, { ...move, type: 'STOCK_ADJUSTMENT', location: here, milli: -roll.milli })
      await putRoll(view, roll, { ...roll, state: 'lost', order: null, left: departureOf(op, { count: count.id }) })
    } else if (kind === 'moved-here') {
      if (!scanned.has(code) || roll.state !== 'in-stock' || roll.location === here)
        reject(`roll ${code} is not recorded elsewhere any more`)
      await post(view, op, { ...move, type: 'TRANSFER_OUT', location: roll.location, milli: -roll.milli })
      await post(view, op, { ...move, type: 'TRANSFER_IN', location: here, milli: roll.milli })
      if (roll.order !== null) {
        // the hold moves with the roll, so reserved stays beside on-hand per location
        await post(view, op, { ...move, type: 'RESERVATION_RELEASE', location: roll.location, milli: -roll.milli })
        await post(view, op, { ...move, type: 'RESERVATION_ALLOCATION', location: here, milli: roll.milli })
      }
      await putRoll(view, roll, { ...roll, location: here })
    } else {
      if (!scanned.has(code) || (roll.state !== 'lost' && roll.state !== 'gone'))
        reject(`roll ${code} is not recorded as lost or gone any more`)
      await post(view, op, { ...move, type: 'STOCK_ADJUSTMENT', location: here, milli: roll.milli })
      // on the shelf, so it did not leave with the order it was recorded as shipped with. Seen
      // (property test, seed 253219567): kept there, a roll found and shipped again made the
      // stock check say two orders shipped it, for good, with no conflict to settle it.
      const shippedWith = roll.state === 'gone' ? (roll.left?.order ?? roll.order) : null
      if (shippedWith !== null) await unship(view, op, shippedWith, roll, `roll ${code} was found at ${here} by count ${count.id}`)
      const back: RollRecord = { ...roll, state: 'in-stock', order: null, location: here }
      delete back.left // back in stock: it no longer left
      await putRoll(view, roll, back)
    }
  }
  await view.put(countKey(count.id), { ...count, state: 'approved', decidedBy: op.person })
  await emit(
    view,
    op,
    'count.approved',
    '',
    op.payload.variances.map((v) => v.roll),
    { count: count.id, location: here },
  )
}

export const COUNTING_HANDLERS: HandlersOf<typeof COUNTING_OPERATIONS> = {
  'counting.open': countOpen,
  'counting.scan': countScan,
  'counting.approve': countApprove,
  'counting.cancel': countCancel,
  'counting.unscan': countUnscan,
}
