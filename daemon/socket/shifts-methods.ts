import { OutpostError, type OutsidePeriod, type SHIFTS_METHODS } from '../../protocol/index.js'
import { uniqueStem } from './codes.js'
import type { ImplementationsOf, MethodContext } from './context.js'
import { submit } from './submit.js'

/** The shift's (or the period's) tickets and summary, or E_NOT_FOUND. */
async function numbersOf(ctx: MethodContext, params: { shift?: string | undefined; outside?: OutsidePeriod | undefined }) {
  // the params' schema holds exactly one of the two
  const numbers = await ctx.node.read.shifts.numbers(params.shift !== undefined ? { shift: params.shift } : { outside: params.outside! })
  if (numbers === null) throw new OutpostError('E_NOT_FOUND', `no shift ${params.shift}`)
  return numbers
}

export const SHIFTS_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof SHIFTS_METHODS> = {
  'shifts.checkIn': async ({ kind, who, id }, ctx) => {
    const person = ctx.person
    if (person === null) throw new OutpostError('E_NOT_SIGNED_IN', 'sign in first')
    const name = who ?? (kind === 'person' ? person.id : undefined)
    if (name === undefined) throw new OutpostError('E_INVALID_PARAMS', `name the ${kind} checking in`)
    if (kind === 'person' && name !== person.id && person.role !== 'manager' && person.role !== 'admin')
      throw new OutpostError('E_FORBIDDEN', 'only a manager checks in someone else')
    const shift = id ?? `S-${uniqueStem(ctx)}`
    const { ids } = await submit(ctx, [{ type: 'shifts.checkIn', payload: { id: shift, kind, who: name } }])
    return { id: shift, ids }
  },
  'shifts.pause': (payload, ctx) => submit(ctx, [{ type: 'shifts.pause', payload }]),
  'shifts.resume': (payload, ctx) => submit(ctx, [{ type: 'shifts.resume', payload }]),
  'shifts.checkOut': (payload, ctx) => submit(ctx, [{ type: 'shifts.checkOut', payload }]),
  'shifts.list': (params, { node }) => node.read.shifts.shifts(params),
  'shifts.summary': async (params, ctx) => (await numbersOf(ctx, params)).summary,
  'shifts.export': async ({ format, ...of }, ctx) => {
    const { tickets, summary } = await numbersOf(ctx, of)
    // loaded on first use: csv-stringify is nothing a restart needs
    const { exportShift } = await import('./kitchen-export.js')
    return { format, ...exportShift(format, tickets, summary) }
  },
}
