import type { FieldEdit, Operation, PEOPLE_OPERATIONS, Source } from '../../protocol/index.js'
import { personKey, SITE_KEY } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'
import { reject, type Handler, type HandlersOf, type PersonState, type SiteState } from './context.js'
import { editOr, mergeRecord } from './field-merge.js'

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

async function existingPerson(view: ViewWriter, id: string): Promise<PersonState> {
  const person = await view.get<PersonState>(personKey(id))
  if (person === null) reject(`no person ${id}`)
  if (!person.active) reject(`person ${id} was removed`)
  return person
}

/**
 * Each edit of a person sets one field, merged field by field (field-merge.ts): a role set on one
 * node and a badge on another while apart both stand; the same field set on both goes by source
 * priority, then the later clock, and the value that lost is in the person's history and under
 * Conflicts. A PIN's or badge's hash is never shown there.
 */
async function editPerson(
  view: ViewWriter,
  op: Operation,
  person: PersonState,
  change: Partial<PersonState>,
  payload: { edit?: FieldEdit | undefined; source?: Source | undefined },
): Promise<void> {
  const key = personKey(person.id)
  const edit = editOr(payload.edit, ...Object.keys(change))
  const merged = await mergeRecord(view, key, person, { ...person, ...change }, edit, op, payload.source ?? 'terminal', {
    label: `person ${person.id}`,
    secret: SECRET_FIELDS,
  })
  await view.put(key, merged)
}
const SECRET_FIELDS = ['pinHash', 'badgeHash']

export const personSetPin: Handler<'people.setPin'> = async ({ view, op, actor }) => {
  if (actor === null || (actor.id !== op.payload.id && actor.role !== 'admin')) {
    reject('only the person or an admin may change a PIN', 'forbidden')
  }
  const person = await existingPerson(view, op.payload.id)
  await editPerson(view, op, person, { pinHash: op.payload.pinHash }, op.payload)
}

export const personSetRole: Handler<'people.setRole'> = async ({ view, op, actor }) => {
  const person = await existingPerson(view, op.payload.id)
  if (actor?.id === person.id && op.payload.role !== 'admin') reject('an admin cannot take away their own admin role', 'forbidden')
  await editPerson(view, op, person, { role: op.payload.role }, op.payload)
}

export const personRemove: Handler<'people.remove'> = async ({ view, op, actor }) => {
  const person = await existingPerson(view, op.payload.id)
  if (actor?.id === person.id) reject('an admin cannot remove themselves', 'forbidden')
  await editPerson(view, op, person, { active: false }, op.payload)
}

export const personSetBadge: Handler<'people.setBadge'> = async ({ view, op }) => {
  const person = await existingPerson(view, op.payload.id)
  await editPerson(view, op, person, { badgeHash: op.payload.badgeHash }, op.payload)
}

export const PEOPLE_HANDLERS: HandlersOf<typeof PEOPLE_OPERATIONS> = {
  'people.add': personAdd,
  'people.setPin': personSetPin,
  'people.setRole': personSetRole,
  'people.remove': personRemove,
  'people.setBadge': personSetBadge,
}
