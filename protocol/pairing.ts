import { z } from 'zod'
import { OutpostError } from './errors.js'
import { HexKey } from './spec.js'

// Crockford's base32 without look-alikes: what people read off one screen and type on another.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const CODE_BODY = /^[0-9A-HJKMNP-TV-Z]{8}$/

/**
 * A pairing code as people type it: `OUT-A7F3-9X2K`, in any case, with or without the prefix,
 * dashes or spaces; O is read as 0, I and L as 1. Returns the canonical form, or refuses with a
 * message that says what is wrong.
 */
export function parsePairingCode(input: string): string {
  const typed = input.trim()
  // echoed in the refusal: a pasted page is not
  const shown = typed.length > 24 ? `${typed.slice(0, 24)}…` : typed
  const body = typed.toUpperCase().replace(/^OUT[-\s]*/, '')
  // Split, it is two groups of four as the screen shows it: a word split otherwise (NOT-A-CODE,
  // which read O as 0 is 8 code characters) is not a code, and looking for it would take a minute.
  const groups = body.split(/[-\s]+/)
  if (groups.length > 1 && (groups.length !== 2 || groups.some((g) => [...g].length !== 4))) {
    throw new OutpostError('E_USAGE', `a pairing code is OUT- and two groups of 4 characters (like OUT-A7F3-9X2K); "${shown}" is not`)
  }
  const cleaned = groups.join('').replace(/O/g, '0').replace(/[IL]/g, '1')
  // counted as characters, not UTF-16 units (an emoji is one)
  const length = [...cleaned].length
  if (length !== 8) {
    throw new OutpostError('E_USAGE', `a pairing code has 8 characters after OUT- (like OUT-A7F3-9X2K); "${shown}" has ${length}`)
  }
  if (!CODE_BODY.test(cleaned)) {
    const bad = [...cleaned].find((ch) => !CODE_ALPHABET.includes(ch)) ?? '?'
    throw new OutpostError(
      'E_USAGE',
      `"${bad}" cannot be in a pairing code (it has 0-9 and A-Z except U; a typed I or L is read as 1, O as 0)`,
    )
  }
  return `OUT-${cleaned.slice(0, 4)}-${cleaned.slice(4)}`
}

/** Render 5 random bytes (40 bits) as a code. */
export function formatPairingCode(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes.slice(0, 5)) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += CODE_ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  return `OUT-${out.slice(0, 4)}-${out.slice(4, 8)}`
}

/** Messages of the pairing exchange, one JSON per line on the Noise-encrypted connection. */
export const PairRequest = z
  .object({
    type: z.literal('pair.request'),
    v: z.literal(1),
    name: z.string().min(1).max(80),
    writerKey: HexKey,
    swarmKey: HexKey,
    /** HMAC-SHA256 keyed with the code over the host's and the candidate's keys: proves the code without sending it. */
    proof: z.string().regex(/^[0-9a-f]{64}$/),
    /** A node restored from a backup as a new writer: the writer key of the node it replaces (removed when it is accepted). */
    replaces: HexKey.optional(),
  })
  .strict()
export type PairRequest = z.infer<typeof PairRequest>

/**
 * Sent by a joining node right after its request: it will say pair.recorded once it has recorded
 * the site it is told, and a node of this version adds it only then. An inviting node of an
 * older version leaves this line unread; a joining one that never says it is added first, as before.
 */
export const PairConfirms = z.object({ type: z.literal('pair.confirms') }).strict()
export type PairConfirms = z.infer<typeof PairConfirms>

/**
 * The joining node recorded the site it was told (pair.accepted): only then does a node of this
 * version add it as a writer, so a join that stops in between leaves no writer behind.
 */
export const PairRecorded = z.object({ type: z.literal('pair.recorded') }).strict()
export type PairRecorded = z.infer<typeof PairRecorded>

export const PairReply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pair.pending'), id: z.string() }),
  z.object({ type: z.literal('pair.accepted'), site: HexKey, encryptionKey: HexKey.nullable(), siteName: z.string() }),
  z.object({ type: z.literal('pair.refused'), reason: z.string() }),
])
export type PairReply = z.infer<typeof PairReply>

/** A join request waiting for a person's consent on the inviting node. */
export const PairingRequestRecord = z.object({
  id: z.string(),
  name: z.string(),
  writerKey: HexKey,
  address: z.string().nullable(),
  expiresAt: z.number().int(),
  /** Restored from a backup of this node, which accepting removes (`outpost restore --as-new-writer`). */
  replaces: z.object({ key: HexKey, name: z.string() }).nullable().optional(),
})
export type PairingRequestRecord = z.infer<typeof PairingRequestRecord>

/** What a person accepting a restored node must know, on every screen that asks: null for a plain join. */
export function replacesLine(request: PairingRequestRecord): string | null {
  const old = request.replaces
  return old == null ? null : `restored from a backup of ${old.name}: accepting also removes ${old.name}`
}
