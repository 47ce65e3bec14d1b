import { describe, expect, it } from 'vitest'
import { jsonBytes, packBySize, utf8Length } from '../../protocol/index.js'
import { seededRandom } from '../helpers/seeded-random.js'

describe('packing by bytes', () => {
  it('batches keep their order, stay within items and bytes, and an item too large goes alone to tooLarge', () => {
    const sizes = [10, 10, 10, 50, 95, 120, 5, 5, 5]
    const { batches, tooLarge } = packBySize(sizes, (n) => n, { maxItems: 3, maxBytes: 100 })
    expect(batches).toEqual([[10, 10, 10], [50], [95], [5, 5, 5]])
    expect(tooLarge).toEqual([{ item: 120, bytes: 120 }])
    expect(packBySize([], (n: number) => n, { maxItems: 3, maxBytes: 100 })).toEqual({ batches: [], bytes: [], tooLarge: [] })
  })

  it('with a weight, a batch stays within maxWeight too, in order; an item heavier than that goes alone', () => {
    const weights = [3, 3, 3, 9, 2, 2, 12, 1]
    const { batches } = packBySize(weights, () => 1, { maxItems: 100, maxBytes: 100, weightOf: (n) => n, maxWeight: 8 })
    expect(batches).toEqual([[3, 3], [3], [9], [2, 2], [12], [1]])
  })

  it('a JSON array of each batch is never over maxBytes', () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ line: i + 2, name: 'ş'.repeat(i % 97), code: `P${i}` }))
    const { batches, bytes } = packBySize(rows, jsonBytes, { maxItems: 1000, maxBytes: 4096 })
    expect(batches.flat()).toEqual(rows)
    expect(batches.map((batch) => Buffer.byteLength(JSON.stringify(batch)))).toEqual(bytes)
    for (const size of bytes) expect(size).toBeLessThanOrEqual(4096 + 1)
  })

  it('utf8Length agrees with Buffer.byteLength (seeded strings of ASCII, Turkish, CJK, emoji)', () => {
    const seed = 0x5eed14
    const random = seededRandom(seed)
    const alphabet = ['a', 'ğ', 'İ', '€', '漢', '😀', '"', '\u0000']
    for (let n = 0; n < 200; n++) {
      const text = Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
      expect(utf8Length(text), `seed ${seed}, string ${n}`).toBe(Buffer.byteLength(text))
    }
  })
})
