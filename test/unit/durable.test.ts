import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DurableStore } from '../../daemon/durable.js'
import { tempDataDir } from '../helpers/daemon-process.js'

let removeDir: (() => Promise<void>) | null = null
afterEach(async () => {
  await removeDir?.()
})

/** A RocksDB state stand-in: a folder and the log file it names. */
async function fakeState(files: string[]) {
  const tmp = await tempDataDir()
  removeDir = tmp.remove
  for (const f of files) await writeFile(join(tmp.dir, f), 'log')
  let current = files[0]!
  return { state: { path: tmp.dir, currentWalFile: async () => ({ path: '/' + current }) }, rotate: (f: string) => (current = f) }
}

describe('DurableStore (group commit)', () => {
  it('a burst of callers shares syncs: ten at once cost at most two', async () => {
    const { state } = await fakeState(['000004.log'])
    const durable = new DurableStore(state)
    await Promise.all(Array.from({ length: 10 }, () => durable.sync()))
    expect(durable.syncs).toBeGreaterThanOrEqual(1)
    expect(durable.syncs).toBeLessThanOrEqual(2)
    // a caller after the burst gets a sync of its own
    await durable.sync()
    expect(durable.syncs).toBeLessThanOrEqual(3)
    await durable.close()
  })

  it('a caller that comes while a sync runs waits for the next one, never only for the running one', async () => {
    const { state } = await fakeState(['000004.log'])
    const durable = new DurableStore(state)
    const first = durable.sync()
    const second = durable.sync() // its write may have come after the first sync started
    await first
    const afterFirst = durable.syncs
    await second
    expect(durable.syncs).toBe(afterFirst + 1)
    await durable.close()
  })

  it('follows RocksDB to a new log file', async () => {
    const { state, rotate } = await fakeState(['000004.log', '000009.log'])
    const durable = new DurableStore(state)
    await durable.sync()
    rotate('000009.log')
    await durable.sync()
    expect(durable.syncs).toBe(2)
    await durable.close()
    await expect(durable.sync()).rejects.toThrow('closed')
  })
})
