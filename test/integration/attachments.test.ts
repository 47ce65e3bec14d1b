import { randomBytes } from 'node:crypto'
import { readdir, readFile, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MAX_ATTACHMENT_BYTES } from '../../protocol/index.js'
import { signedIn, tempDataDir } from '../helpers/daemon-process.js'
import { MeshSite, sameView } from '../helpers/mesh-site.js'

/** Files under `dir` that hold `needle` (the store is small in a test: read whole). */
async function filesHolding(dir: string, needle: Buffer): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    if ((await readFile(path)).includes(needle)) out.push(path)
  }
  return out
}

let site: MeshSite
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  await site.close()
  for (const c of cleanups.splice(0)) await c()
})

describe('attachments: added on one node, opened on another', () => {
  it(
    'a photo added on A is listed on B without its bytes, fetched when opened there, identical; bad input is refused in one line and nothing is added',
    { timeout: 150_000 },
    async () => {
      const tmp = await tempDataDir('op-att-')
      cleanups.push(tmp.remove)
      site = new MeshSite()
      const a = await site.found('alpha')
      const b = await site.pairDirect(a, 'bravo')
      await site.until((s) => sameView(s) && s.every((x) => x.node.writable), 'bravo writable')

      const onA = await signedIn(a.daemon, 'admin', site.adminSecret)
      const { device } = await onA.call('repairs.intake', {
        serial: 'SN-1',
        product: 'Tablet',
        fault: 'cracked',
        condition: 'box damaged',
        printer: null,
      })
      const photo = join(tmp.dir, 'box.jpg')
      const bytes = randomBytes(2 * 1024 * 1024)
      await writeFile(photo, bytes)
      // from the CLI, as a person at the bench would
      const attached = await site.cli(a.dir, ['attach', device, photo, '--json'])
      expect(attached.code, attached.stderr).toBe(0)
      const added = JSON.parse(attached.stdout) as { id: string; hash: string; size: number }
      expect(added.size).toBe(bytes.length)

      // hostile input: each refused with what was wrong, nothing added
      const refusals = [
        [{ entity: 'DV-NOPE', path: photo }, /DV-NOPE is not a record of this site/],
        [{ entity: device, path: join(tmp.dir, 'missing.jpg') }, /^no file at /],
        [{ entity: device, path: 'box.jpg' }, /must be an absolute path/],
        [{ entity: device, path: tmp.dir }, /is not a plain file/],
      ] as const
      for (const [params, message] of refusals) await expect(onA.call('attachments.add', params)).rejects.toThrow(message)
      const cliRefusal = await site.cli(a.dir, ['attach', 'DV-NOPE', photo])
      expect([cliRefusal.code, cliRefusal.stderr.trim().split('\n').length]).toEqual([1, 1])
      expect(cliRefusal.stderr).toMatch(/DV-NOPE is not a record of this site/)
      const big = join(tmp.dir, 'video.mp4')
      await writeFile(big, '')
      await truncate(big, MAX_ATTACHMENT_BYTES + 1)
      await expect(onA.call('attachments.add', { entity: device, path: big })).rejects.toThrow(
        `video.mp4 is ${MAX_ATTACHMENT_BYTES + 1} bytes: an attachment is at most ${MAX_ATTACHMENT_BYTES} bytes (8 MiB)`,
      )
      expect(await onA.call('attachments.list', { entity: device })).toHaveLength(1)
      onA.close()

      // B sees the record, not the bytes, until someone opens it there
      await site.until((s) => sameView(s), 'bravo to have the attachment record')
      const onB = await signedIn(b.daemon, 'admin', site.adminSecret)
      const [listed] = await onB.call('attachments.list', { entity: device })
      expect(listed).toMatchObject({ id: added.id, name: 'box.jpg', size: bytes.length, hash: added.hash, here: false })
      const out = join(tmp.dir, 'opened-on-b.jpg')
      expect(await onB.call('attachments.open', { id: added.id, path: out })).toMatchObject({ fetched: true, size: bytes.length })
      expect((await readFile(out)).equals(bytes)).toBe(true)
      const listedByCli = await site.cli(b.dir, ['attachments', 'list', device])
      expect(listedByCli.stdout).toMatch(new RegExp(`^${added.id}  box\\.jpg .* 2097152 bytes  by Administrator  here$`, 'm'))
      const openedByCli = await site.cli(b.dir, ['attachments', 'open', added.id, join(tmp.dir, 'cli.jpg')])
      expect(openedByCli.code, openedByCli.stderr).toBe(0)
      expect((await readFile(join(tmp.dir, 'cli.jpg'))).equals(bytes)).toBe(true)
      // now B holds it: the next open needs no peer
      expect(await onB.call('attachments.open', { id: added.id, path: out })).toMatchObject({ fetched: false })
      expect((await onB.call('attachments.list', { entity: device }))[0]!.here).toBe(true)
      await expect(onB.call('attachments.open', { id: 'nope', path: out })).rejects.toThrow('no attachment nope')
      onB.close()

      // encrypted at rest like the logs: no stretch of the photo is in either node's store
      const stretch = bytes.subarray(100_000, 100_048)
      for (const n of [a, b]) expect(await filesHolding(join(n.dir, 'store'), stretch), n.name).toEqual([])
    },
  )
})
