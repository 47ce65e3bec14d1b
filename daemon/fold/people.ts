import { personKey, SITE_KEY, writerKey } from '../view/keys.js'
import { reject, type Handler, type PersonState, type SiteState, type WriterState } from './context.js'

export const siteCreate: Handler<'site.create'> = async ({ view, op }) => {
  if (view.seq !== 0 || op.person !== '@system') reject('a site is created only by its first operation')
  const site: SiteState = { name: op.payload.name, founder: op.node, genesisDone: false }
  // a v1 site.create has no style: one that names one anyway is read as a v1 build reads it
  // (the key is left out, not null, so a v1 log folds to the same bytes as before)
  if (op.v >= 2 && op.payload.numberStyle !== undefined) site.numberStyle = op.payload.numberStyle
  const founder: WriterState = {
    key: op.node,
    name: op.payload.nodeName,
    swarmKey: op.payload.swarmKey,
    removed: false,
    addedBy: '@system',
  }
  await view.put(SITE_KEY, site)
  await view.put(writerKey(op.node), founder)
}

export const siteSetNumberStyle: Handler<'site.setNumberStyle'> = async ({ view, op }) => {
  const site = await view.get<SiteState>(SITE_KEY)
  if (site === null) reject('there is no site yet')
  await view.put(SITE_KEY, { ...site, numberStyle: op.payload.style })
}

export const personAdd: Handler<'people.add'> = async ({ view, op, actor }) => {
  const key = personKey(op.payload.id)
  if ((await view.get(key)) !== null) reject(`person ${op.payload.id} exists already`)
  if (actor === null) {
    // The node itself may add exactly one person, the first admin, right after creating the site.
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
