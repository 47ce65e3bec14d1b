import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { NumberStyle } from '../protocol/index.js'
import type { OutpostNode } from './node.js'
import { hashPin } from './people/pin-hash.js'

/** The first admin of every new site. */
export const FIRST_ADMIN = 'admin'

// Crockford's base32 without look-alikes (no I, L, O, U): easy to read off a screen and type.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** A one-time secret like `7KQ2-M9XD-4TNB-PW3H` (80 bits), printed once at a site's creation. */
export function newAdminSecret(): string {
  const bytes = randomBytes(16)
  let out = ''
  for (let i = 0; i < 16; i++) {
    out += ALPHABET[(bytes[i] ?? 0) % 32]
    if (i % 4 === 3 && i < 15) out += '-'
  }
  return out
}

export interface FoundingOptions {
  name: string
  nodeName?: string
  adminSecret?: string
  /** How the site writes numbers; null or absent founds a site without one (ambiguous forms refused). */
  numberStyle?: NumberStyle | null
}

/**
 * Genesis: the founding node creates the site and its first admin in one block. Returns the
 * admin's one-time secret; only its slow hash goes into the log.
 */
export async function foundSite(node: OutpostNode, opts: FoundingOptions): Promise<string> {
  const secret = opts.adminSecret ?? newAdminSecret()
  const style = opts.numberStyle ?? null
  await node.submit(
    [
      {
        type: 'site.create',
        payload: {
          name: opts.name,
          nodeName: opts.nodeName ?? hostname(),
          swarmKey: node.swarmKeyPair.publicKey.toString('hex'),
          ...(style === null ? {} : { numberStyle: style }),
        },
      },
      { type: 'people.add', payload: { id: FIRST_ADMIN, name: 'Administrator', role: 'admin', pinHash: await hashPin(secret) } },
    ],
    '@system',
    { dryRun: false },
  )
  return secret
}
