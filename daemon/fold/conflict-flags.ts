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
 * Record a further departure of a roll that left already (its ledger entry is posted by the
 * caller): added to the roll's open left-twice conflict, or a new one with the departure that
 * stood so far.
 */
export async function leftAgain(
  view: ViewWriter,
  op: Pick<Operation, 'id' | 'type' | 'person' | 'node' | 'hlc'>,
  roll: RollRecord,
  departure: Departure,
): Promise<void> {
  const open = await view.get<string>(unitConflictKey(roll.code))
  const kept = open === null ? null : await view.get<ConflictRecord>(conflictKey(open))
  if (kept !== null && kept.unit !== undefined && kept.resolution === null) {
    const unit = { ...kept.unit, departures: [...kept.unit.departures, departure] }
    await view.put(conflictKey(kept.id), { ...kept, unit, reason: reasonFor(unit) })
    return
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
}

export const departureLabel = (d: Departure): string =>
  d.order !== null ? `order ${d.order}` : d.count !== null ? `count ${d.count}` : `operation ${d.op}`

function reasonFor(unit: LeftUnit): string {
  return `roll ${unit.code} left ${unit.departures.length} times: ${unit.departures.map(departureLabel).join(', ')}`
}

/** Record something people must resolve (see ConflictRecord); one per operation and balance. */
export async function flagConflict(
  view: ViewWriter,
  op: Pick<Operation, 'id' | 'type' | 'person' | 'node' | 'hlc'>,
  kind: ConflictRecord['kind'],
  reason: string,
  balance: ConflictRecord['balance'],
): Promise<void> {
  const id = conflictId(view.seq, balance === null ? undefined : `${balance.sku}/${balance.location}/${balance.lot}`)
  const record: ConflictRecord = {
    id,
    kind,
    op: { id: op.id, type: op.type, person: op.person, node: op.node },
    reason,
    balance,
    at: op.hlc.t,
    resolution: null,
  }
  await view.put(conflictKey(id), record)
}
