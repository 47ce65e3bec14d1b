import { createHash } from 'node:crypto'

/**
 * An order-independent digest of the view's contents: the XOR of SHA-256(key, value) over all
 * entries. Keeping it incrementally (take the old entry out, put the new one in) costs one hash
 * per write instead of a full scan, and two views with the same entries have the same digest
 * whatever order the writes came in. Keys are unique in a map, so an entry never cancels itself.
 */
export function entryDigest(key: string, value: unknown): Buffer {
  return createHash('sha256').update(key).update('\u0000').update(JSON.stringify(value)).digest()
}

export function xorInto(acc: Buffer, digest: Buffer): void {
  for (let i = 0; i < acc.length; i++) acc[i] = (acc[i] ?? 0) ^ (digest[i] ?? 0)
}

export const EMPTY_HASH = '0'.repeat(64)
