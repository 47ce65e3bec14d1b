/**
 * Bulk writes go in pieces sized by their encoded bytes, not by a fixed count: a catalog row is
 * 100 bytes or 2 KB (20 attributes, 10 barcodes), and a thousand of the large ones overran the
 * socket's 1 MiB frame (seen: a 1,500-product ERP file failed whole with E_FRAME_TOO_LARGE).
 */

/** The UTF-8 length of `text`, without allocating (protocol/ has no TextEncoder). */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4 // a surrogate pair: one character outside the BMP
      i++
    } else bytes += 3
  }
  return bytes
}

/** The bytes `value` takes as JSON (UTF-8). */
export const jsonBytes = (value: unknown): number => utf8Length(JSON.stringify(value))

export interface Packed<T> {
  batches: T[][]
  /** Each batch's bytes as a JSON array, so a caller packing the batches in turn need not measure again. */
  bytes: number[]
  /** Items that alone are larger than `maxBytes`: they go in no batch, and the caller reports each. */
  tooLarge: Array<{ item: T; bytes: number }>
}

/**
 * Split `items`, in order, into batches of at most `maxItems` whose sizes add up to at most
 * `maxBytes` (one byte more per item for the comma between JSON array elements, and one for the
 * brackets: a batch as a JSON array is `bytes` long). With `weightOf`, a batch's weights add up
 * to at most `maxWeight` as well (the view writes a catalog import's rows make); an item heavier
 * than that alone goes in a batch of its own.
 */
export function packBySize<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
  limits: { maxItems: number; maxBytes: number; weightOf?: (item: T) => number; maxWeight?: number },
): Packed<T> {
  const batches: T[][] = []
  const sizes: number[] = []
  const tooLarge: Packed<T>['tooLarge'] = []
  const maxWeight = limits.maxWeight ?? Infinity
  let batch: T[] = []
  let bytes = 0
  let weight = 0
  for (const item of items) {
    const size = sizeOf(item) + 1
    if (size > limits.maxBytes) {
      tooLarge.push({ item, bytes: size - 1 })
      continue
    }
    const heavy = limits.weightOf?.(item) ?? 0
    if (batch.length === limits.maxItems || bytes + size > limits.maxBytes || (batch.length > 0 && weight + heavy > maxWeight)) {
      batches.push(batch)
      sizes.push(bytes + 1)
      batch = []
      bytes = 0
      weight = 0
    }
    batch.push(item)
    bytes += size
    weight += heavy
  }
  if (batch.length > 0) {
    batches.push(batch)
    sizes.push(bytes + 1)
  }
  return { batches, bytes: sizes, tooLarge }
}
