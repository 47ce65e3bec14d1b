import { z } from 'zod'

/** Roles from the floor. Higher roles include what lower ones may do (see `roleAllows`). */
export const ROLES = ['picker', 'kitchen', 'manager', 'admin'] as const
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
