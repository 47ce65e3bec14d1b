import { z } from 'zod'
import { PersonRecord } from './people.js'
import { BadgeCode, Credential, PersonId } from './roles.js'
import { Empty, type MethodSpec } from './spec.js'

/** Who is signed in on a connection. */
export const SESSION_METHODS = {
  'session.signIn': {
    summary: 'sign in this connection as a person with a PIN (or the one-time admin secret), and their scanned badge for two factors',
    access: 'public',
    params: z.object({ person: PersonId, pin: Credential, badge: BadgeCode.optional() }).strict(),
    result: PersonRecord,
  },
  'session.signOut': { summary: 'sign this connection out', access: 'public', params: Empty, result: Empty },
  'session.whoami': {
    summary: 'who is signed in on this connection',
    access: 'public',
    params: Empty,
    result: PersonRecord.nullable(),
  },
} as const satisfies Record<string, MethodSpec>
