import { OutpostError, type OutsidePeriod, type SHIFTS_METHODS, type ShiftSummary } from '../../protocol/index.js'
import { uniqueStem } from './codes.js'
import type { ImplementationsOf, MethodContext } from './context.js'
import { submit } from './submit.js'

async function summaryOf(ctx: MethodContext, shift: string | undefined, outside: OutsidePeriod | undefined): Promise<ShiftSummary> {
  if (shift === undefined) return ctx.node.read.shifts.outsideSummary(outside!)
  const summary = await ctx.node.read.shifts.summary(shift)
  if (summary === null) throw new OutpostError('E_NOT_FOUND', `no shift ${shift}`)
  return summary
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
  'shifts.summary': ({ shift, outside }, ctx) => summaryOf(ctx, shift, outside),
  'shifts.export': async ({ shift, outside, format }, ctx) => {
    const summary = await summaryOf(ctx, shift, outside)
    const tickets = shift === undefined ? await ctx.node.read.shifts.outside(outside!) : await ctx.node.read.tickets.ofShift(shift)
    // loaded on first use: csv-stringify is nothing a restart needs
    const { exportShift } = await import('./kitchen-export.js')
    return { format, ...exportShift(format, tickets, summary) }
  },
}
