import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { OutpostError, type BadgeCode } from '../../protocol/index.js'

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

/**
 * A new two-factor badge for a person: the code to print (person id, colon, 130-bit secret) and
 * the hash the log keeps. The secret is random, not chosen, so one SHA-256 is enough: there is
 * nothing to guess off-line, unlike a 4-digit PIN (which is why PINs get scrypt).
 */
export function newBadge(person: string): { code: BadgeCode; hash: string } {
  const bytes = randomBytes(26)
  const secret = [...bytes].map((b) => BASE32[b % 32]).join('')
  return { code: `${person}:${secret}`, hash: badgeHash(secret) }
}

function badgeHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/** Whether a scanned badge is this person's current one (same cost whether it is or not). */
export function badgeMatches(code: BadgeCode, person: string, stored: string | undefined): boolean {
  const colon = code.lastIndexOf(':')
  const actual = Buffer.from(badgeHash(code.slice(colon + 1)), 'hex')
  const expected = Buffer.from(stored ?? '0'.repeat(64), 'hex')
  return timingSafeEqual(actual, expected) && stored !== undefined && code.slice(0, colon) === person
}

/**
 * Where the node's config asks for badge plus PIN on approvals: refuse one made by a sign-in
 * without the badge, with what to do about it.
 */
export function requireSecondFactor(
  ctx: { guard: { approvalsNeedBadge: boolean }; badged: boolean; person: { id: string } | null },
  what: string,
): void {
  if (!ctx.guard.approvalsNeedBadge || ctx.badged) return
  throw new OutpostError(
    'E_SECOND_FACTOR',
    `${what} is an approval: this node wants badge plus PIN for it. Sign in again, scanning your badge before your PIN (an admin issues badges: people.issueBadge)`,
  )
}
