import type Autobase from 'autobase'
import type Corestore from 'corestore'
import { createHash, timingSafeEqual } from 'node:crypto'
import { OutpostError } from '../protocol/index.js'
import type { Logger } from './logger.js'
import { compactStore } from './storage.js'

/**
 * The site key (encryption at rest) never lives in the store: a copy of store/ alone must not
 * decrypt itself. It lives in site.json (0600) or in the key file config.json names, and is
 * handed to Autobase at every open.
 *
 * Autobase 7.28 keeps the key it is given in the store, in the clear, as user data
 * 'autobase/encryption' of the local core (and of the site's first core, "legacy support"), and
 * at the next open prefers that stored key to the one it is given (lib/boot.js). Given a
 * `blindEncryption`, it stores what `encrypt(key)` returns instead, and at open asks `decrypt`
 * for the key. Outpost's `encrypt` returns a key check (a hash of the key, which does not reveal
 * it), and `decrypt` compares that check with the key from site.json and hands that key back:
 * so the store holds no key, and a wrong key is refused at open instead of ignored.
 */

/** The `type` Outpost's key check carries in Autobase's stored record ('OP'). */
export const KEY_CHECK_TYPE = 0x4f50

/** A one-way check of a site key: equal checks mean equal keys; the check does not give the key. */
export function keyCheck(key: Buffer): Buffer {
  return createHash('sha256').update('outpost/site-key-check/v1\0').update(key).digest()
}

function sameKey(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

const NOT_THIS_STORE =
  "the site key in site.json (or the key file) is not the key this node's store is encrypted with: was site.json or the key file copied from another node?"

/** What Autobase stores in place of the site key, and how it gets the key back at open. */
export function keyInStoreGuard(key: Buffer | null): Autobase.BlindEncryption {
  return {
    encrypt: async (given) => {
      if (key === null || !sameKey(given, key)) throw new OutpostError('E_SITE_KEY', NOT_THIS_STORE)
      return { type: KEY_CHECK_TYPE, value: keyCheck(key) }
    },
    decrypt: async (stored) => {
      if (key === null)
        throw new OutpostError(
          'E_SITE_KEY',
          'this node\'s store is encrypted, but neither site.json nor a key file ("keyFile") gives its key',
        )
      if (stored.type !== KEY_CHECK_TYPE || !sameKey(stored.value, keyCheck(key))) throw new OutpostError('E_SITE_KEY', NOT_THIS_STORE)
      return { value: key, rotated: false }
    },
  }
}

/** Where Autobase 7.28 (without blindEncryption) stored the key: user data of these cores. */
const STORED_KEY = 'autobase/encryption'

/**
 * Remove a site key that Outpost before this change let Autobase store in the clear (the local
 * core, and the site's first core on a node that joined), after checking it is the key given,
 * then compact the store so the bytes leave its files too. Run before Autobase opens. Returns
 * how many copies it removed.
 */
export async function removeStoredKey(store: Corestore, site: Buffer | null, key: Buffer | null, logger: Logger): Promise<number> {
  const cores = [store.get({ name: 'local', active: false })]
  if (site !== null) cores.push(store.get({ key: site, active: false }))
  let removed = 0
  try {
    for (const core of cores) {
      await core.ready()
      const stored = await core.getUserData(STORED_KEY)
      if (stored === null) continue
      if (key === null || !sameKey(stored, key)) throw new OutpostError('E_SITE_KEY', NOT_THIS_STORE)
      await core.setUserData(STORED_KEY, null)
      removed++
    }
  } finally {
    for (const core of cores) await core.close()
  }
  if (removed > 0) {
    await compactStore(store)
    logger.warn({ copies: removed }, 'removed the site key an earlier Outpost had stored in the clear in store/; the store was compacted')
  }
  return removed
}
