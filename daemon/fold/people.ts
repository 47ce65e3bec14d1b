import type { PEOPLE_OPERATIONS } from '../../protocol/index.js'
import { personKey, SITE_KEY } from '../view/keys.js'
import { reject, type Handler, type HandlersOf, type PersonState, type SiteState } from './context.js'

export const personAdd: Handler<'people.add'> = async ({ view, op, actor }) => {
  const key = personKey(op.payload.id)
  if ((await view.get(key)) !== null) reject(`person ${op.payload.id} exists already`)
  if (actor === null && op.payload.role !== 'integration') {
    // The node itself may add exactly one person, the first admin, right after creating the site,
    // and the integration identity its inbound webhooks act as (daemon/inbound), who signs no one in.
    const site = await view.get<SiteState>(SITE_KEY)
    if (site === null || site.genesisDone || op.payload.role !== 'admin') reject('only the first admin is added by the node')
    await view.put(SITE_KEY, { ...site, genesisDone: true })
  }
  const person: PersonState = { ...op.payload, active: true }
  await view.put(key, person)
}

async function existingPerson(view: Parameters<Handler<'people.setPin'>>[0]['view'], id: string): Promise<PersonState> {
  const person = await view.get<PersonState>(personKey(id))
  if (person === null) reject(`no person ${id}`)
  if (!person.active) reject(`person ${id} was removed`)
  return person
}

export const personSetPin: Handler<'people.setPin'> = async ({ view, op, actor }) => {
  if (actor === null || (actor.id !== op.payload.id && actor.role !== 'admin')) {
    reject('only the person or an admin may change a PIN', 'forbidden')
  }
  const person = await existingPerson(view, op.payload.id)
  await view.put(personKey(person.id), { ...person, pinHash: op.payload.pinHash })
}

export const personSetRole: Handler<'people.setRole'> = async ({ view, op, actor }) => {
  const person = await existingPerson(view, op.payload.id)
  if (actor?.id === person.id && op.payload.role !== 'admin') reject('an admin cannot take away their own admin role', 'forbidden')
  await view.put(personKey(person.id), { ...person, role: op.payload.role })
}

export const personRemove: Handler<'people.remove'> = async ({ view, op, actor }) => {
  const person = await existingPerson(view, op.payload.id)
  if (actor?.id === person.id) reject('an admin cannot remove themselves', 'forbidden')
  await view.put(personKey(person.id), { ...person, active: false })
}

export const personSetBadge: Handler<'people.setBadge'> = async ({ view, op }) => {
  const person = await existingPerson(view, op.payload.id)
  await view.put(personKey(person.id), { ...person, badgeHash: op.payload.badgeHash })
}

export const PEOPLE_HANDLERS: HandlersOf<typeof PEOPLE_OPERATIONS> = {
  'people.add': personAdd,
  'people.setPin': personSetPin,
  'people.setRole': personSetRole,
  'people.remove': personRemove,
  'people.setBadge': personSetBadge,
}
