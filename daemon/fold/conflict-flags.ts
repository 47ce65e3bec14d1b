import type { ConflictRecord, Departure, LeftUnit, Operation, RollRecord } from '../../protocol/index.js'
import { conflictId, conflictKey, unitConflictKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'

/**
 * How the fold records a conflict: a rejected operation, a balance below zero (flagConflict), a
 * unit that left twice (leftAgain). Settling one is conflicts.ts. Apart from it so that stock.ts,
 * which flags, and conflicts.ts, which posts corrections through stock.ts, import no circle.
 */

/**
 * A unit leaves once (SPEC "Conflicts" rule 3). Each departure (a fulfilment, a count that
 * recorded it missing) is a ledger fact and posts, so offline nodes that both shipped a roll
 * both took its length off the balance. Seen (issue #14): a 3 m roll shipped for SO-NC1 on one
 * node and SO-NC2 on another left the lot at 2,515.5 m against 2,518.5 m of rolls in stock,
 * with no conflict but the rejected pick. So a departure of a unit that has left already opens
 * a left-twice conflict, one per unit while open, until a manager names the departure that
 * stands; the others are then booked back by new ledger entries (the log is never edited).
 */

export const departureOf = (op: Pick<Operation, 'id' | 'person' | 'node'>, where: { order?: string; count?: string }): Departure => ({
  op: op.id,
  order: where.order ?? null,
  count: where.count ?? null,
  person: op.person,
  node: op.node,
})

/** Whether the roll has left the stock already (shipped, or recorded missing by a count). */
export const hasLeft = (roll: RollRecord): boolean => roll.state === 'gone' || roll.state === 'lost'

/**
 * Record a further departure of a roll that left already: added to the roll's open left-twice
 * conflict, or a new one with the departure that stood so far. Returns that conflict's id, for the
 * caller to post the departure's ledger entry with as its cause (see BalanceCause).
 */
export async function leftAgain(
  view: ViewWriter,
  op: Pick<Operation, 'id' | 'type' | 'person' | 'node' | 'hlc'>,
  roll: RollRecord,
  departure: Departure,
): Promise<string> {
  const open = await view.get<string>(unitConflictKey(roll.code))
  const kept = open === null ? null : await view.get<ConflictRecord>(conflictKey(open))
  if (kept !== null && kept.unit !== undefined && kept.resolution === null) {
    const unit = { ...kept.unit, departures: [...kept.unit.departures, departure] }
    await view.put(conflictKey(kept.id), { ...kept, unit, reason: reasonFor(unit) })
    return kept.id
  }
  // a roll that left before departures were kept on it: its order is all the view knows
  const first = roll.left ?? { op: 'unrecorded', order: roll.order, count: null, person: '', node: '' }
  const unit: LeftUnit = {
    code: roll.code,
    sku: roll.sku,
    lot: roll.lot,
    location: roll.location,
    milli: roll.milli,
    departures: [first, departure],
  }
  const id = conflictId(view.seq, `left-twice ${roll.code}`)
  const record: ConflictRecord = {
    id,
    kind: 'left-twice',
    op: { id: op.id, type: op.type, person: op.person, node: op.node },
    reason: reasonFor(unit),
    balance: null,
    at: op.hlc.t,
    unit,
    resolution: null,
  }
  await view.put(conflictKey(id), record)
  await view.put(unitConflictKey(roll.code), id)
  return id
}

export const departureLabel = (d: Departure): string =>
  d.order !== null ? `order ${d.order}` : d.count !== null ? `count ${d.count}` : `operation ${d.op}`

function reasonFor(unit: LeftUnit): string {
  return `roll ${unit.code} left ${unit.departures.length} times: ${unit.departures.map(departureLabel).join(', ')}`
}

/**
 * Why a balance went below zero, where the fold knows: the extra departure of a roll that left
 * twice (its left-twice conflict's id). The two conflicts are linked both ways, because settling
 * the left-twice one books that departure back: a correction of the balance as well would book it
 * back twice (seen: property test seed 2094200752, 5 m left on a shelf with no roll).
 */
export type BalanceCause = { leftTwice: string }

/** Record something people must resolve (see ConflictRecord); one per operation and balance. */
export async function flagConflict(
  view: ViewWriter,
  op: Pick<Operation, 'id' | 'type' | 'person' | 'node' | 'hlc'>,
  kind: ConflictRecord['kind'],
  reason: string,
  balance: ConflictRecord['balance'],
  cause?: BalanceCause,
): Promise<string> {
  const id = conflictId(view.seq, balance === null ? undefined : `${balance.sku}/${balance.location}/${balance.lot}`)
  // one operation can take one balance lower more than once (two rolls of one lot shipped): one
  // record, with the lowest balance and every cause
  const earlier = await view.get<ConflictRecord>(conflictKey(id))
  const causes = [...(earlier?.leftTwice ?? [])]
  const linking = cause !== undefined && !causes.includes(cause.leftTwice)
  if (linking) causes.push(cause.leftTwice)
  const record: ConflictRecord = {
    id,
    kind,
    op: { id: op.id, type: op.type, person: op.person, node: op.node },
    reason,
    balance,
    at: op.hlc.t,
    resolution: null,
    ...(causes.length === 0 ? {} : { leftTwice: causes }),
  }
  await view.put(conflictKey(id), record)
  if (!linking) return id
  const unit = await view.get<ConflictRecord>(conflictKey(cause.leftTwice))
  if (unit !== null) await view.put(conflictKey(unit.id), { ...unit, balances: [...(unit.balances ?? []), id] })
  return id
}
