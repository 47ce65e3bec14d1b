import { OutpostError, type COUNTING_METHODS } from '../../protocol/index.js'
import { requireSecondFactor } from '../people/badge.js'
import { locationOf, uniqueStem } from './codes.js'
import type { ImplementationsOf } from './context.js'
import { submit } from './submit.js'

export const COUNTING_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof COUNTING_METHODS> = {
  'counting.open': async (params, ctx) => {
    const location = await locationOf(ctx, params.location)
    const session = `C-${uniqueStem(ctx)}`
    const { ids } = await submit(ctx, [{ type: 'counting.open', payload: { session, location } }])
    return { ids, session, location }
  },
  'counting.scan': async (params, ctx) => {
    const { ids } = await submit(ctx, [{ type: 'counting.scan', payload: params }])
    const count = await ctx.node.read.counting.count(params.session)
    return { ids, scans: count?.scans.length ?? 0 }
  },
  'counting.unscan': async (params, ctx) => {
    const { ids } = await submit(ctx, [{ type: 'counting.unscan', payload: params }])
    const count = await ctx.node.read.counting.count(params.session)
    return { ids, scans: count?.scans.length ?? 0 }
  },
  'counting.get': async ({ session }, ctx) => {
    const count = await ctx.node.read.counting.count(session)
    if (count === null) throw new OutpostError('E_NOT_FOUND', `no count session ${session}`)
    return { count, variances: await ctx.node.read.counting.variances(count) }
  },
  'counting.list': ({ limit }, { node }) => node.read.counting.counts(limit),
  'counting.approve': async ({ session }, ctx) => {
    requireSecondFactor(ctx, 'counting.approve')
    const count = await ctx.node.read.counting.count(session)
    if (count === null) throw new OutpostError('E_NOT_FOUND', `no count session ${session}`)
    const variances = (await ctx.node.read.counting.variances(count)).flatMap((v) =>
      v.kind === 'unknown' ? [] : [{ roll: v.roll, kind: v.kind }],
    )
    const { ids } = await submit(ctx, [{ type: 'counting.approve', payload: { session, variances } }])
    return { ids, adjusted: variances.length }
  },
  'counting.cancel': (payload, ctx) => submit(ctx, [{ type: 'counting.cancel', payload }]),
}
