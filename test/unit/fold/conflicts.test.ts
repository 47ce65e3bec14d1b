import type { ConflictRecord } from '../../../protocol/index.js'
import type { Fixture } from './fixture.js'
import { conflictOf, foldTable, op } from './table.js'

const resolve = (conflict: string, p: { correction?: number | null; kept?: string | null } = {}) =>
  op('conflicts.resolve', { conflict, note: 'decided', correction: p.correction ?? null, kept: p.kept ?? null }, 'max')
const openRejected = (fx: Fixture) => conflictOf(fx, (c) => c.kind === 'rejected' && c.resolution === null)
const settled = (fx: Fixture) => conflictOf(fx, (c) => c.resolution !== null)
const negative = (fx: Fixture) => conflictOf(fx, (c) => c.kind === 'negative-balance')
const leftTwice = (fx: Fixture) =>
  fx.conflicts.find((c) => c.kind === 'left-twice') as ConflictRecord & { unit: NonNullable<ConflictRecord['unit']> }
const firstDeparture = (fx: Fixture) => leftTwice(fx).unit.departures[0]!.op

foldTable('conflicts: every rejection reason of conflict.resolve', [
  { reason: 'no conflict nope', attempt: () => resolve('nope'), allowed: (fx) => resolve(openRejected(fx)) },
  {
    name: 'conflict ... was resolved already by max',
    reason: (fx) => `conflict ${settled(fx)} was resolved already by max`,
    attempt: (fx) => resolve(settled(fx)),
    allowed: (fx) => resolve(openRejected(fx)),
  },
  {
    reason: 'only a unit that left twice names a departure to keep',
    attempt: (fx) => resolve(openRejected(fx), { kept: 'some-op' }),
    allowed: (fx) => resolve(openRejected(fx)),
  },
  {
    reason: 'only a negative balance takes a correction',
    attempt: (fx) => resolve(openRejected(fx), { correction: 1000 }),
    allowed: (fx) => resolve(openRejected(fx)),
  },
  {
    // the fixture's negative balance is R-9's second departure: settling R-9 books it back
    name: 'this balance went below zero because roll R-9 left twice: settle conflict ...',
    reason: (fx) =>
      `this balance went below zero because roll R-9 left twice: settle conflict ${leftTwice(fx).id}, which books it back (or settle this one with a note only)`,
    attempt: (fx) => resolve(negative(fx), { correction: 1000 }),
    allowed: (fx) => resolve(negative(fx)),
  },
  {
    reason: 'roll R-9 left twice: name the departure that stands, not an amount',
    attempt: (fx) => resolve(leftTwice(fx).id, { correction: 1000, kept: firstDeparture(fx) }),
    allowed: (fx) => resolve(leftTwice(fx).id, { kept: firstDeparture(fx) }),
  },
  {
    reason: 'roll R-9 left twice: say which departure stands',
    attempt: (fx) => resolve(leftTwice(fx).id),
    allowed: (fx) => resolve(leftTwice(fx).id, { kept: firstDeparture(fx) }),
  },
  {
    reason: 'some-op is not a departure of roll R-9',
    attempt: (fx) => resolve(leftTwice(fx).id, { kept: 'some-op' }),
    allowed: (fx) => resolve(leftTwice(fx).id, { kept: firstDeparture(fx) }),
  },
])
