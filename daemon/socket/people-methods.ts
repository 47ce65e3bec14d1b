import { OutpostError, type PEOPLE_METHODS } from '../../protocol/index.js'
import { newBadge } from '../people/badge.js'
import { hashPin } from '../people/pin-hash.js'
import type { ImplementationsOf } from './context.js'
import { submit } from './submit.js'

export const PEOPLE_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof PEOPLE_METHODS> = {
  'people.list': (_p, { node }) => node.read.people.people(),
  'people.add': async ({ pin, ...rest }, ctx) => submit(ctx, [{ type: 'people.add', payload: { ...rest, pinHash: await hashPin(pin) } }]),
  'people.setPin': async ({ id, pin }, ctx) => {
    if (ctx.person !== null && ctx.person.id !== id && ctx.person.role !== 'admin') {
      throw new OutpostError('E_FORBIDDEN', 'only the person or an admin may change a PIN')
    }
    return submit(ctx, [{ type: 'people.setPin', payload: { id, pinHash: await hashPin(pin) } }])
  },
  'people.issueBadge': async ({ id }, ctx) => {
    const { code, hash } = newBadge(id)
    const { ids } = await submit(ctx, [{ type: 'people.setBadge', payload: { id, badgeHash: hash } }])
    return { badge: code, ids }
  },
  'people.setRole': (params, ctx) => submit(ctx, [{ type: 'people.setRole', payload: params }]),
  'people.remove': (params, ctx) => submit(ctx, [{ type: 'people.remove', payload: params }]),
}
