import { z } from 'zod'

/**
 * Roles from the floor. Higher roles include what lower ones may do (see `roleAllows`).
 * `integration` is no person's: it is the ERP/CRM's identity for inbound webhooks (docs/integration.md),
 * allowed only the operations that name it, so the audit trail shows what came from outside.
 */
export const ROLES = ['picker', 'kitchen', 'manager', 'admin', 'integration'] as const
export const Role = z.enum(ROLES)
export type Role = z.infer<typeof Role>

/**
 * Who may act. `anyone` means any signed-in person; a list names the roles that may, and a
 * manager may always do what a picker or kitchen hand may, an admin what a manager may.
 */
export type Permission = 'anyone' | readonly Role[]

const INCLUDES: Record<Role, readonly Role[]> = {
  picker: ['picker'],
  kitchen: ['kitchen'],
  manager: ['manager', 'picker', 'kitchen'],
  admin: ['admin', 'manager', 'picker', 'kitchen'],
  integration: ['integration'],
}

export function roleAllows(role: Role, permission: Permission): boolean {
  if (permission === 'anyone') return true
  return permission.some((needed) => INCLUDES[role].includes(needed))
}

export const PersonId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,31}$/, 'a person id is 1-32 lower-case letters, digits, . _ -')
export type PersonId = z.infer<typeof PersonId>

/** A PIN that people choose: 4 to 8 digits. The first admin signs in with a longer secret. */
export const Pin = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits')
/** What sign-in accepts: a PIN or the one-time admin secret. */
export const Credential = z.string().min(4).max(64)

/**
 * What a two-factor staff badge carries: the person id, a colon, and a secret of 26 base32
 * characters (130 bits), issued by `people.issueBadge`. The colon keeps it apart from a plain
 * badge, which is only the person id.
 */
export const BadgeCode = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,31}:[a-z2-7]{26}$/, 'a badge is person-id:secret (26 letters a-z, 2-7)')
export type BadgeCode = z.infer<typeof BadgeCode>
