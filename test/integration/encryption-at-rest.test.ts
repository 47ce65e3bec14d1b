import { randomBytes } from 'node:crypto'
import { chmod, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../daemon/logger.js'
import { OutpostNode } from '../../daemon/node.js'
import { foundSite } from '../../daemon/site.js'
import { keyHits, looseModes, occurrences, storeKeyTheOldWay } from '../helpers/at-rest.js'
import { signedIn, startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'
import { MeshSite, sameView } from '../helpers/mesh-site.js'

const MARKER = 'MARKER-PLAINTEXT-7f3a9c'

interface SiteJson {
  site: string
  founded: boolean
  encryptionKey?: string
  keyCheck?: string
}
const siteJson = async (dir: string) => JSON.parse(await readFile(join(dir, 'site.json'), 'utf8')) as SiteJson

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function dataDir(): Promise<string> {
  const tmp = await tempDataDir()
  cleanups.push(tmp.remove)
  return tmp.dir
}

async function start(dir: string): Promise<DaemonProcess> {
  const daemon = await startDaemonProcess(dir)
  cleanups.push(async () => daemon.proc.exitCode === null && (await daemon.kill()))
  return daemon
}

/** Found a site in `dir` and write `count` notes; returns the first admin's secret (the daemon is stopped). */
async function foundWithNotes(dir: string, count: number): Promise<string> {
  const daemon = await start(dir)
  const client = await signedIn(daemon, 'admin', daemon.adminSecret!)
  for (let i = 0; i < count; i++) await client.call('notes.post', { text: `${MARKER} ${i}` })
  client.close()
  expect(await daemon.stop()).toBe(0)
  return daemon.adminSecret!
}

async function noteCount(daemon: DaemonProcess, secret: string): Promise<number> {
  const client = await signedIn(daemon, 'admin', secret)
  const notes = await client.call('notes.list', { limit: 500 })
  client.close()
  return notes.length
}

describe('encryption at rest', () => {
  it(
    'a new site: no note, and no form of the site key, in any file but site.json; every file and folder owner-only',
    { timeout: 120_000 },
    async () => {
      const dir = await dataDir()
      const secret = await foundWithNotes(dir, 60)
      const site = await siteJson(dir)
      expect(site.encryptionKey).toMatch(/^[0-9a-f]{64}$/)
      const key = Buffer.from(site.encryptionKey!, 'hex')
      expect(await occurrences(join(dir, 'store'), MARKER)).toBe(0)
      // a copy of store/ must not decrypt itself: the key is only in site.json
      expect(await keyHits(dir, key, ['site.json'])).toEqual([])
      expect(await looseModes(dir)).toEqual([])
      const again = await start(dir)
      expect(await noteCount(again, secret)).toBe(60) // and the node still reads it all
      expect(await again.stop()).toBe(0)
    },
  )

  it('the check can see plaintext: a site without a key has the marker on disk', { timeout: 120_000 }, async () => {
    const dir = await dataDir()
    const node = new OutpostNode({ storageDir: join(dir, 'store'), site: null, encryptionKey: null, logger: createLogger('silent') })
    await node.open()
    await foundSite(node, { name: 'Clear', adminSecret: 'TEST-0000' })
    for (let i = 0; i < 60; i++) await node.append(node.stamp([{ type: 'notes.post', payload: { text: `${MARKER} ${i}` } }], 'admin'))
    await node.close()
    expect(await occurrences(join(dir, 'store'), MARKER)).toBeGreaterThan(0)
  })

  it(
    'an upgraded node: the key an earlier Outpost left in the store is removed from its files, and a readable data dir is tightened',
    { timeout: 120_000 },
    async () => {
      const dir = await dataDir()
      const secret = await foundWithNotes(dir, 20)
      const key = Buffer.from((await siteJson(dir)).encryptionKey!, 'hex')
      await storeKeyTheOldWay(join(dir, 'store'), key, null)
      for (const path of [dir, join(dir, 'store'), join(dir, 'store', 'db')]) await chmod(path, 0o755)
      await chmod(join(dir, 'store', 'CORESTORE'), 0o644)
      // the checks can see both faults: the key in the store's files, and modes others can read
      expect((await keyHits(dir, key, ['site.json'])).length).toBeGreaterThan(0)
      expect((await looseModes(dir)).length).toBeGreaterThan(0)

      const daemon = await start(dir)
      expect(await noteCount(daemon, secret)).toBe(20)
      expect(await daemon.stop()).toBe(0)
      expect(daemon.log()).toContain('removed the site key an earlier Outpost had stored in the clear')
      expect(daemon.log()).toContain('now owner-only')
      expect(await keyHits(dir, key, ['site.json'])).toEqual([])
      expect(await looseModes(dir)).toEqual([])
    },
  )

  it("a site.json key that is not the store's: the daemon refuses to start, with E_SITE_KEY", { timeout: 120_000 }, async () => {
    const dir = await dataDir()
    await foundWithNotes(dir, 1)
    const site = await siteJson(dir)
    await writeFile(join(dir, 'site.json'), JSON.stringify({ ...site, encryptionKey: randomBytes(32).toString('hex') }))
    await expect(startDaemonProcess(dir)).rejects.toThrow(/not the key this node's store is encrypted with.*E_SITE_KEY/)
  })

  it(
    'a key file: the key moves out of site.json into it; without it the node does not start; with it, it reads',
    { timeout: 120_000 },
    async () => {
      const dir = await dataDir()
      const keyDir = await dataDir()
      const keyFile = join(keyDir, 'keys', 'site.key')
      const secret = await foundWithNotes(dir, 10)
      const key = Buffer.from((await siteJson(dir)).encryptionKey!, 'hex')
      await writeFile(join(dir, 'config.json'), JSON.stringify({ keyFile }))

      const moved = await start(dir)
      expect(await noteCount(moved, secret)).toBe(10)
      expect(await moved.stop()).toBe(0)
      expect(moved.log()).toContain('the site key moved from site.json to the key file')
      expect((await readFile(keyFile, 'utf8')).trim()).toBe(key.toString('hex'))
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600)
      const site = await siteJson(dir)
      expect(site.encryptionKey).toBeUndefined()
      expect(site.keyCheck).toMatch(/^[0-9a-f]{64}$/)
      expect(await keyHits(dir, key)).toEqual([]) // site.json included

      await rename(keyFile, keyFile + '.away')
      await expect(startDaemonProcess(dir)).rejects.toThrow(/site key file .* is missing.*E_SITE_KEY/)
      await writeFile(keyFile, randomBytes(32).toString('hex'))
      await expect(startDaemonProcess(dir)).rejects.toThrow(/holds another site's key.*E_SITE_KEY/)
      await rename(keyFile + '.away', keyFile)
      const back = await start(dir)
      expect(await noteCount(back, secret)).toBe(10)
      expect(await back.stop()).toBe(0)
    },
  )

  it(
    "a joined node keeps the key as the founder does, and an earlier Outpost's two copies in its store are removed",
    { timeout: 180_000 }, // pairing; seen: 98 s on a loaded 2-core machine
    async () => {
      const site = new MeshSite()
      cleanups.push(() => site.close())
      const a = await site.found('alpha')
      const b = await site.pair(a, 'bravo', ['--direct', (await site.status(a)).network.address!])
      await site.until((s) => sameView(s) && s.every((x) => x.node.writable), 'bravo a writer, same view')
      for (const n of [a, b]) expect(await n.daemon.stop()).toBe(0)
      const founder = await siteJson(a.dir)
      const key = Buffer.from(founder.encryptionKey!, 'hex')
      expect(await siteJson(b.dir)).toMatchObject({ site: founder.site, encryptionKey: founder.encryptionKey })
      expect(await keyHits(b.dir, key, ['site.json'])).toEqual([])
      expect(await looseModes(b.dir)).toEqual([])

      // a joiner upgraded from before: Autobase stored the key in its local core and in the site's first core
      await storeKeyTheOldWay(join(b.dir, 'store'), key, Buffer.from(founder.site, 'hex'))
      expect((await keyHits(b.dir, key, ['site.json'])).length).toBeGreaterThan(0)
      b.daemon = await startDaemonProcess(b.dir, { args: ['--no-network'] })
      const client = await signedIn(b.daemon, 'admin', site.adminSecret)
      expect((await client.call('system.status')).site.key).toBe(founder.site)
      client.close()
      expect(await b.daemon.stop()).toBe(0)
      expect(b.daemon.log()).toContain('"copies":2')
      expect(await keyHits(b.dir, key, ['site.json'])).toEqual([])
    },
  )
})
