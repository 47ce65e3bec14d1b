import type Hyperbee from 'hyperbee'
import type { PersonRecord, Role } from '../../protocol/index.js'
import { PERSON_RANGE, personKey } from './keys.js'
import { getValue } from './read.js'

/** A person as the view keeps them; the PIN hash never leaves the daemon. */
export interface PersonState {
  id: string
  name: string
  role: Role
  active: boolean
  pinHash: string
  /** SHA-256 of the secret on the person's two-factor badge, hex; absent until one is issued. */
  badgeHash?: string
}

/** People of the site; the PIN hash never leaves the daemon. */
export class PeopleReader {
  constructor(private readonly bee: Hyperbee) {}

  private value<T>(key: string): Promise<T | null> {
    return getValue<T>(this.bee, key)
  }

  /** The person with their PIN hash: for sign-in only, never sent to a client. */
  personWithSecret(id: string): Promise<PersonState | null> {
    return this.value<PersonState>(personKey(id))
  }

  async person(id: string): Promise<PersonRecord | null> {
    const person = await this.personWithSecret(id)
    return person === null ? null : publicPerson(person)
  }

  async people(): Promise<PersonRecord[]> {
    const out: PersonRecord[] = []
    for await (const { value } of this.bee.createReadStream(PERSON_RANGE)) out.push(publicPerson(value as PersonState))
    return out
  }
}

function publicPerson(p: PersonState): PersonRecord {
  return { id: p.id, name: p.name, role: p.role, active: p.active }
}
