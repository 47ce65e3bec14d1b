import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

// Ink's text caches are bounded by our patch (patches/ink+6.8.0.patch, docs/dependencies.md):
// unbounded, its measure and wrap caches grew by a key a second for each ticking kitchen tile,
// for as long as the screen ran.
const build = fileURLToPath(new URL('../../node_modules/ink/build/', import.meta.url))

interface RecentCache {
  now: Map<string, number>
  old: Map<string, number>
  get(key: string): number | undefined
  set(key: string, value: number): void
}

async function recentCache(limit: number): Promise<RecentCache> {
  const mod = (await import(pathToFileURL(build + 'recent-cache.js').href)) as { default: new (limit: number) => RecentCache }
  return new mod.default(limit)
}

describe("Ink's patched text caches", () => {
  it('hold at most two generations of entries, however many distinct texts come', async () => {
    const cache = await recentCache(100)
    for (let i = 0; i < 10_000; i++) cache.set(`age 0:${i}`, i)
    expect(cache.now.size + cache.old.size).toBeLessThanOrEqual(200)
  })

  it('keep an entry that is still read, and drop one that is not', async () => {
    const cache = await recentCache(100)
    cache.set('drawn every frame', 1)
    cache.set('drawn once', 2)
    for (let i = 0; i < 1_000; i++) {
      cache.set(`tick ${i}`, i)
      if (i % 50 === 0) expect(cache.get('drawn every frame')).toBe(1)
    }
    expect(cache.get('drawn every frame')).toBe(1)
    expect(cache.get('drawn once')).toBeUndefined()
  })

  it('are what measure-text, wrap-text and the output use', () => {
    for (const file of ['measure-text.js', 'wrap-text.js', 'output.js'])
      expect(readFileSync(build + file, 'utf8'), file).toMatch(/new RecentCache\(/)
  })
})
