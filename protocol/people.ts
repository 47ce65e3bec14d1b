import { z } from 'zod'
import { ONE_EDIT } from './fields.js'
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
  /** v2 of the edits of a person (setPin, setRole, remove, setBadge): field-level merge (ONE_EDIT). */
  'people.setPin': {
    v: 2,
    allowed: 'self-or-admin',
    payload: z.object({ id: PersonId, pinHash: PinHash, ...ONE_EDIT }),
  },
  'people.setRole': {
    v: 2,
    allowed: ['admin'],
    payload: z.object({ id: PersonId, role: Role, ...ONE_EDIT }),
  },
  'people.remove': {
    v: 2,
    allowed: ['admin'],
    payload: z.object({ id: PersonId, ...ONE_EDIT }),
  },
  /** A new staff badge for a person (the old one stops working): SHA-256 of its secret, hex. */
  'people.setBadge': {
    v: 2,
    allowed: ['admin'],
    payload: z.object({ id: PersonId, badgeHash: z.string().regex(/^[0-9a-f]{64}$/, 'a badge hash is 64 hex digits'), ...ONE_EDIT }),
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
