import { OutpostError, type PEOPLE_METHODS } from '../../protocol/index.js'
import { newBadge } from '../people/badge.js'
import { hashPin } from '../people/pin-hash.js'
import { personKey } from '../view/keys.js'
import type { ImplementationsOf, MethodContext } from './context.js'
import { fieldEdit } from './field-edits.js'
import { submit } from './submit.js'

export const PEOPLE_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof PEOPLE_METHODS> = {
  'people.list': (_p, { node }) => node.read.people.people(),
  'people.add': async ({ pin, ...rest }, ctx) => submit(ctx, [{ type: 'people.add', payload: { ...rest, pinHash: await hashPin(pin) } }]),
  'people.setPin': async ({ id, pin }, ctx) => {
    if (ctx.person !== null && ctx.person.id !== id && ctx.person.role !== 'admin') {
      throw new OutpostError('E_FORBIDDEN', 'only the person or an admin may change a PIN')
    }
    const pinHash = await hashPin(pin)
    return submit(ctx, [{ type: 'people.setPin', payload: { id, pinHash, ...(await personEdit(ctx, id, 'pinHash')) } }])
  },
  'people.issueBadge': async ({ id }, ctx) => {
    const { code, hash } = newBadge(id)
    const payload = { id, badgeHash: hash, ...(await personEdit(ctx, id, 'badgeHash')) }
    const { ids } = await submit(ctx, [{ type: 'people.setBadge', payload }])
    return { badge: code, ids }
  },
  'people.setRole': async (params, ctx) =>
    submit(ctx, [{ type: 'people.setRole', payload: { ...params, ...(await personEdit(ctx, params.id, 'role')) } }]),
  'people.remove': async (params, ctx) =>
    submit(ctx, [{ type: 'people.remove', payload: { ...params, ...(await personEdit(ctx, params.id, 'active')) } }]),
}

/** The field an edit of a person sets, with the values this node saw on it, and the node's source (field-level merge). */
async function personEdit(ctx: MethodContext, id: string, field: string) {
  return { edit: await fieldEdit(ctx.node, personKey(id), field), source: ctx.node.source }
}
