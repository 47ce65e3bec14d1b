import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { openCorestore } from '../../daemon/storage.js'
import { MAX_OPEN_FILES } from '../../daemon/store-preopen.js'

let dir: string | null = null
afterEach(async () => {
  if (dir !== null) await rm(dir, { recursive: true, force: true })
  dir = null
})

/**
 * RocksDB with max_open_files = -1 opens every table file of the store when the store opens, so
 * a restart took longer the bigger the site (seen: 120-550 ms of the store's open went to that
 * at 210,000 rolls, 43 files). With a bound it opens at most 16 at start. The store writes the
 * options it runs with into its OPTIONS file: that is what is checked here.
 */
it('opens the store with a bound on its open table files, so a restart does not open every file', async () => {
  dir = await mkdtemp(join(tmpdir(), 'op-store-open-'))
  const store = openCorestore(dir)
  await store.ready()
  await store.close()
  const db = join(dir, 'db')
  const options = (await readdir(db)).filter((f) => f.startsWith('OPTIONS-')).sort()
  expect(options.length).toBeGreaterThan(0)
  const text = await readFile(join(db, options.at(-1)!), 'utf8')
  const maxOpenFiles = Number(/^\s*max_open_files=(-?\d+)/m.exec(text)?.[1])
  expect(maxOpenFiles).toBe(MAX_OPEN_FILES)
  expect(maxOpenFiles).toBeGreaterThan(0)
})
