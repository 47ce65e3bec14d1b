import { OutpostError, type CONFLICTS_METHODS, type ConflictRecord, type Departure } from '../../protocol/index.js'
import { requireSecondFactor } from '../people/badge.js'
import { UNACCEPTED_PREFIX, UNSETTLEABLE, conflictsWithUnaccepted } from '../unaccepted.js'
import { quantityOf } from './codes.js'
import type { ImplementationsOf } from './context.js'
import { submit } from './submit.js'

/**
 * The departure a person names as the one that stands (an order id, a count session, or the
 * operation id itself), as the operation id the fold takes; one clear line when it names none.
 */
function keptDeparture(conflict: ConflictRecord, kept: string | null): string | null {
  if (conflict.unit === undefined) {
    if (kept !== null) throw new OutpostError('E_INVALID_PARAMS', 'only a unit that left twice names what kept it')
    return null
  }
  const choices = conflict.unit.departures.map(departureName).join(', ')
  if (kept === null)
    throw new OutpostError('E_INVALID_PARAMS', `roll ${conflict.unit.code} left twice: say which really got it (kept: ${choices})`)
  const matches = conflict.unit.departures.filter((d) => d.op === kept || d.order === kept || d.count === kept)
  if (matches.length !== 1)
    throw new OutpostError(
      'E_INVALID_PARAMS',
      `${kept} ${matches.length === 0 ? 'is not' : 'names more than one'} of roll ${conflict.unit.code}'s departures: ${choices}`,
    )
  return matches[0]!.op
}

const departureName = (d: Departure): string => d.order ?? d.count ?? d.op

export const CONFLICTS_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof CONFLICTS_METHODS> = {
  'conflicts.list': ({ open, limit }, { node }) => conflictsWithUnaccepted(node, open, limit),
  'conflicts.resolve': async ({ conflict: id, note, correction, kept }, ctx) => {
    requireSecondFactor(ctx, 'conflicts.resolve')
    const conflict = await ctx.node.read.conflicts.conflict(id)
    if (conflict === null && id.startsWith(UNACCEPTED_PREFIX)) throw new OutpostError('E_CONFLICT', UNSETTLEABLE)
    if (conflict === null) throw new OutpostError('E_NOT_FOUND', `no conflict ${id}`)
    const keptOp = keptDeparture(conflict, kept)
    let milli: number | null = null
    if (correction !== null) {
      if (conflict.balance === null) throw new OutpostError('E_INVALID_PARAMS', 'only a negative balance takes a correction')
      const product = await ctx.node.read.catalog.product(conflict.balance.sku)
      milli =
        typeof correction === 'string'
          ? (await quantityOf(ctx, correction, { unit: product?.unit ?? 'pcs', allowNegative: true })).milli
          : correction.milli
    }
    return submit(ctx, [{ type: 'conflicts.resolve', payload: { conflict: id, note, correction: milli, kept: keptOp } }])
  },
}
