import { z } from 'zod'
import { BadgeCode, PersonId, Pin, Role } from './roles.js'
import { Appended, Empty, PinHash, type MethodSpec, type OperationSpec } from './spec.js'

/** People of the site, their roles, PINs and badges. */

export const PersonRecord = z.object({
  id: PersonId,
  name: z.string(),
  role: Role,
  active: z.boolean(),
})
export type PersonRecord = z.infer<typeof PersonRecord>

export const PEOPLE_OPERATIONS = {
  'people.add': {
    v: 1,
    allowed: ['admin'],
    payload: z.object({
      id: PersonId,
      name: z.string().min(1).max(80),
      role: Role,
      pinHash: PinHash,
    }),
  },
  'people.setPin': {
    v: 1,
    allowed: 'self-or-admin',
    payload: z.object({ id: PersonId, pinHash: PinHash }),
  },
  'people.setRole': {
    v: 1,
    allowed: ['admin'],
    payload: z.object({ id: PersonId, role: Role }),
  },
  'people.remove': {
    v: 1,
    allowed: ['admin'],
    payload: z.object({ id: PersonId }),
  },
  /** A new staff badge for a person (the old one stops working): SHA-256 of its secret, hex. */
  'people.setBadge': {
    v: 1,
    allowed: ['admin'],
    payload: z.object({ id: PersonId, badgeHash: z.string().regex(/^[0-9a-f]{64}$/, 'a badge hash is 64 hex digits') }),
  },
} as const satisfies Record<string, OperationSpec>

export const PEOPLE_METHODS = {
  'people.list': { summary: 'everyone on the site', access: 'anyone', params: Empty, result: z.array(PersonRecord) },
  'people.add': {
    summary: 'add a person with a role and a PIN',
    access: ['admin'],
    params: z.object({ id: PersonId, name: z.string().min(1).max(80), role: Role, pin: Pin }).strict(),
    result: Appended,
  },
  'people.setPin': {
    summary: "change a PIN (your own, or anyone's as admin)",
    access: 'anyone',
    params: z.object({ id: PersonId, pin: Pin }).strict(),
    result: Appended,
  },
  'people.issueBadge': {
    summary: 'issue a staff badge for two factors (badge plus PIN): returns the code to print; the old badge stops working',
    access: ['admin'],
    params: z.object({ id: PersonId }).strict(),
    result: z.object({ badge: BadgeCode, ids: z.array(z.string()) }),
  },
  'people.setRole': {
    summary: "change a person's role",
    access: ['admin'],
    params: z.object({ id: PersonId, role: Role }).strict(),
    result: Appended,
  },
  'people.remove': {
    summary: 'deactivate a person (history stays)',
    access: ['admin'],
    params: z.object({ id: PersonId }).strict(),
    result: Appended,
  },
} as const satisfies Record<string, MethodSpec>
