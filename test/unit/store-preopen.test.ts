import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resolveConfig, type ResolvedConfig } from '../../daemon/config.js'
import { createLogger } from '../../daemon/logger.js'
import { BOUNDED } from '../../daemon/memory.js'
import { openNode } from '../../daemon/open-node.js'
import { discardPreopened, newCoreStorage, preopenStore, takePreopened } from '../../daemon/store-preopen.js'

/**
 * The daemon starts opening its store while it loads its modules (daemon/store-preopen.ts): only
 * a founded site's existing store, handed once to the node's own open, and closed when nobody
 * takes it (the store's lock would keep the next open out).
 */
describe('the store opened early', () => {
  let dir: string
  let config: ResolvedConfig

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'op-preopen-'))
    config = resolveConfig({ dataDir: dir, logLevel: 'error', network: { enabled: false }, env: {} })
  })

  afterEach(async () => {
    await discardPreopened()
    await rm(dir, { recursive: true, force: true })
  })

  async function found(): Promise<void> {
    const { node } = await openNode(config, createLogger('silent'))
    await node.close()
  }

  /** The store opens (its lock is free): nothing preopened holds it. */
  async function opensFree(): Promise<void> {
    const storage = newCoreStorage(config.storageDir, BOUNDED)
    await storage.ready()
    await storage.close()
  }

  it('a founded site: the node gets the store that was opening, and reads through it', async () => {
    await found()
    preopenStore(config, BOUNDED)
    const storage = takePreopened(config.storageDir, BOUNDED)
    expect(storage).not.toBeNull()
    expect(takePreopened(config.storageDir, BOUNDED)).toBeNull() // handed out once
    await storage!.ready()
    await storage!.close()
    // and the node opens on it as it would on its own
    preopenStore(config, BOUNDED)
    const { node } = await openNode(config, createLogger('silent'))
    expect((await node.read.system.site())?.name).toBe(config.siteName)
    await node.close()
    expect(takePreopened(config.storageDir, BOUNDED)).toBeNull()
  })

  it('no site yet, or a site being reclaimed from its peers: nothing is opened early', async () => {
    preopenStore(config, BOUNDED)
    expect(takePreopened(config.storageDir, BOUNDED)).toBeNull()
    await found()
    await writeFile(join(dir, 'reclaim.json'), '{}')
    preopenStore(config, BOUNDED)
    expect(takePreopened(config.storageDir, BOUNDED)).toBeNull()
  })

  it('one opened with other options is closed, not handed out; one nobody took is closed', async () => {
    await found()
    preopenStore(config, BOUNDED)
    expect(takePreopened(config.storageDir, { ...BOUNDED, writeBufferBytes: 1024 * 1024 })).toBeNull()
    await discardPreopened() // waits for that close
    await opensFree()
    preopenStore(config, BOUNDED)
    await discardPreopened()
    await opensFree()
  })
})
