import { OutpostError, type SESSION_METHODS } from '../../protocol/index.js'
import type { PersonState } from '../view/people-reader.js'
import { badgeMatches } from '../people/badge.js'
import { DUMMY_PIN_HASH, verifyPin } from '../people/pin-hash.js'
import type { ImplementationsOf } from './context.js'

export const SESSION_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof SESSION_METHODS> = {
  'session.signIn': async ({ person: id, pin, badge }, ctx) => {
    // Counted before the check, one at a time per person, rate-limited per node (sign-in-guard.ts).
    // Unknown and removed people cost the same scrypt as a known one: timing tells nothing.
    let person: PersonState | null = null
    const ok = await ctx.guard.attempt(id, async () => {
      person = await ctx.node.read.people.personWithSecret(id)
      const right = await verifyPin(pin, person?.pinHash ?? DUMMY_PIN_HASH)
      // a wrong badge counts as a wrong PIN: it is the same guess at the same person
      const badgeRight = badge === undefined || badgeMatches(badge, id, person?.badgeHash)
      return right && badgeRight && person !== null && person.active
    })
    if (!ok || person === null) throw new OutpostError('E_BAD_CREDENTIALS', 'unknown person or wrong PIN')
    const { name, role, active } = person as PersonState
    const record = { id, name, role, active }
    ctx.signIn(record, badge !== undefined)
    return record
  },
  'session.signOut': async (_p, ctx) => {
    ctx.signOut()
    return {}
  },
  'session.whoami': async (_p, ctx) => ctx.person,
}
