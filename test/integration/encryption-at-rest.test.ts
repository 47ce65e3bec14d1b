import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../daemon/logger.js'
import { OutpostNode } from '../../daemon/node.js'
import { foundSite } from '../../daemon/site.js'
import { signedIn, startDaemonProcess, tempDataDir } from '../helpers/daemon-process.js'

const MARKER = 'MARKER-PLAINTEXT-7f3a9c'

/** How often the marker's bytes stand in any file under `dir`. */
async function occurrences(dir: string): Promise<number> {
  let count = 0
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const bytes = await readFile(join(entry.parentPath, entry.name))
    for (let at = bytes.indexOf(MARKER); at !== -1; at = bytes.indexOf(MARKER, at + 1)) count++
  }
  return count
}

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

describe('encryption at rest', () => {
  it('a new site stores its logs and view encrypted: a note written 60 times is nowhere on disk', { timeout: 60_000 }, async () => {
    const tmp = await tempDataDir()
    cleanups.push(tmp.remove)
    const daemon = await startDaemonProcess(tmp.dir)
    const site = JSON.parse(await readFile(join(tmp.dir, 'site.json'), 'utf8')) as { encryptionKey?: string }
    expect(site.encryptionKey).toMatch(/^[0-9a-f]{64}$/)
    const client = await signedIn(daemon, 'admin', daemon.adminSecret!)
    for (let i = 0; i < 60; i++) await client.call('notes.post', { text: `${MARKER} ${i}` })
    expect((await client.call('notes.list', { limit: 100 })).length).toBe(60) // readable through the node
    client.close()
    expect(await daemon.stop()).toBe(0)
    expect(await occurrences(join(tmp.dir, 'store'))).toBe(0)
  })

  it('the check can see plaintext: a site without a key has the marker on disk', { timeout: 60_000 }, async () => {
    const tmp = await tempDataDir()
    cleanups.push(tmp.remove)
    const node = new OutpostNode({ storageDir: join(tmp.dir, 'store'), site: null, encryptionKey: null, logger: createLogger('silent') })
    await node.open()
    await foundSite(node, { name: 'Clear', adminSecret: 'TEST-0000' })
    for (let i = 0; i < 60; i++) await node.append(node.stamp([{ type: 'note.post', payload: { text: `${MARKER} ${i}` } }], 'admin'))
    await node.close()
    expect(await occurrences(join(tmp.dir, 'store'))).toBeGreaterThan(0)
  })
})
