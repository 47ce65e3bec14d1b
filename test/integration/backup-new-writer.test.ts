import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { runCli } from '../helpers/cli.js'
import { signedIn, startDaemonProcess, tempDataDir } from '../helpers/daemon-process.js'
import { FAST_NETWORK, MeshSite, sameView, type SiteNode } from '../helpers/mesh-site.js'

/**
 * Issue #19, point 4, the second path: a backup restored as a new writer
 * (`outpost restore FILE DIR --as-new-writer`) joins the site as a new node, and the node of the
 * backup is removed in the same step, so nothing is ever appended to the old node's log from the
 * restored store (whatever of it the peers hold beyond the backup stays theirs). A founder's
 * backup is refused that way: it is the site's only indexer, which cannot be removed.
 */

const PASS = 'a passphrase for tests'
let site: MeshSite
let scratch: Awaited<ReturnType<typeof tempDataDir>> | null = null
afterEach(async () => {
  await site.close()
  await scratch?.remove()
  scratch = null
})

async function call<M extends Parameters<SocketClient['call']>[0]>(node: SiteNode, method: M, params: Parameters<SocketClient['call']>[1]) {
  const client = await signedIn(node.daemon, 'admin', site.adminSecret)
  try {
    return await client.call(method, params as never)
  } finally {
    client.close()
  }
}

/** Attach `path` to `entity` on `node`: the attachment's id and the core its bytes went to. */
async function attach(node: SiteNode, entity: string, path: string): Promise<{ id: string; core: string }> {
  const { id } = await call(node, 'attachments.add', { entity, path })
  const listed = await call(node, 'attachments.list', { entity })
  return { id, core: listed.find((r) => r.id === id)!.blob.core }
}

const cli = (args: string[]) => runCli(args, { OUTPOST_PIN: site.adminSecret, OUTPOST_BACKUP_PASSPHRASE: PASS })

describe('restore as a new writer', () => {
  it(
    "the restored data joins as a new node, the backup's node is removed with it, and the new node's writes are folded on its peer",
    { timeout: 420_000 },
    async () => {
      site = new MeshSite()
      const a = await site.found('alpha')
      const b = await site.pairDirect(a, 'bravo')
      await site.until((s) => sameView(s) && s.every((x) => x.peers.every((p) => p.online)), 'both linked')
      const before = await site.post(b, 'bravo before the backup')
      scratch = await tempDataDir('op-nw-')
      // an attachment in bravo's own attachments core: the new node must never append to that core
      const photo = join(scratch.dir, 'photo.jpg')
      await writeFile(photo, randomBytes(64 * 1024))
      const device = await call(b, 'repairs.intake', {
        serial: 'SN-NW',
        product: 'Tablet',
        fault: 'cracked',
        condition: 'ok',
        printer: null,
      })
      const oldBlob = await attach(b, device.device, photo)
      await site.until(sameView, 'the first note on both')

      // a founder's backup cannot come back as a new writer: refused before anything is written
      const founderFile = join(scratch.dir, 'alpha.op')
      expect((await cli(['--data-dir', a.dir, 'backup', founderFile, '--as', 'admin'])).code).toBe(0)
      const founderDir = join(scratch.dir, 'alpha-again')
      const refused = await cli(['restore', founderFile, founderDir, '--as-new-writer'])
      expect(refused.code).not.toBe(0)
      expect(refused.stderr).toMatch(/backup of the site's founder, its only indexer.*without --as-new-writer/)
      expect(existsSync(founderDir) ? await readdir(founderDir) : []).toEqual([])

      const file = join(scratch.dir, 'bravo.op')
      const backedUp = await cli(['--data-dir', b.dir, 'backup', file, '--as', 'admin'])
      expect(backedUp.code, backedUp.stderr).toBe(0)
      const { node: oldNode, network: oldNetwork } = await site.status(b)
      const oldKey = oldNode.key
      // bravo writes on after the backup, alpha receives it; then bravo's disk is lost
      const after = await site.post(b, 'bravo after the backup')
      await site.until(sameView, 'the later note on alpha')
      await b.daemon.kill()
      site.nodes.splice(site.nodes.indexOf(b), 1) // gone for good: the site's waits leave it out
      await rm(b.dir, { recursive: true, force: true })

      const dir = join(scratch.dir, 'bravo-restored')
      const both = await cli(['restore', file, dir, '--as-new-writer', '--no-peer-holds-more'])
      expect(both.code).not.toBe(0)
      expect(both.stderr.trim()).toMatch(/^outpost: --as-new-writer and --no-peer-holds-more: one or the other .*\(E_USAGE\)$/)
      expect(existsSync(dir)).toBe(false)
      const restored = await cli(['restore', file, dir, '--as-new-writer'])
      expect(restored.code, restored.stderr).toBe(0)
      expect(restored.stdout).toMatch(
        /it is a new node now \(writer [0-9a-f]{12}\), which replaces bravo \([0-9a-f]{12}\): .*pair join CODE/,
      )
      const files = await readdir(dir)
      expect(files).toContain('new-writer.json')
      expect(files).not.toContain('site.json') // a daemon started now would found a new site on the old store
      expect(files).not.toContain('reclaim.json')
      const newWriter = JSON.parse(await readFile(join(dir, 'new-writer.json'), 'utf8')) as { writerKey: string; replaces: string }
      expect(newWriter.replaces).toBe(oldKey)
      expect(newWriter.writerKey).not.toBe(oldKey)
      await writeFile(join(dir, 'config.json'), JSON.stringify({ network: FAST_NETWORK }))

      // started before it has paired, it refuses to open and says what to do
      const early = await cli(['--data-dir', dir, 'daemon', ...b.args])
      expect(early.code).not.toBe(0)
      expect(early.stderr).toMatch(/restored as a new writer and has not joined yet: `outpost --data-dir .* pair join CODE` first/)

      // the person on alpha is told what accepting does
      const c = await site.pairDirect(a, 'bravo-2', {
        dir,
        beforeAccept: async (id) => {
          const listed = await site.cli(a.dir, ['pair', 'requests'])
          expect(listed.stdout).toContain(`${id}  bravo-2 wants to join`)
          expect(listed.stdout).toContain('restored from a backup of bravo: accepting also removes bravo')
        },
      })
      const [onA, onC] = await site.until(
        (s) => sameView(s) && s.every((x) => x.peers.some((p) => p.online)),
        'the new node linked and caught up',
        90_000,
      )
      expect(onC!.node.key).toBe(newWriter.writerKey)
      expect(onC!.network.swarmKey, 'a swarm key of its own').not.toBe(oldNetwork.swarmKey)
      const writers = new Map(onA!.writers.map((w) => [w.key, w]))
      expect(writers.get(oldKey)?.removed, 'the old node removed').toBe(true)
      expect(writers.get(newWriter.writerKey)?.removed, 'the new node a writer').toBe(false)
      expect(existsSync(join(dir, 'new-writer.json'))).toBe(false)
      expect(JSON.parse(await readFile(join(dir, 'site.json'), 'utf8'))).toMatchObject({ site: onA!.site.key, founded: true })

      // the restored node holds the old node's work: from the backup, and what alpha received after it
      for (const id of [before, after]) expect((await site.audit(c, id))?.status).toBe('applied')

      // and what it writes now is folded on alpha, with the same view on both
      const next = await site.post(c, 'from the new writer')
      const [a2, c2] = await site.until((s) => sameView(s) && s[0]!.view.seq > onA!.view.seq, 'the new node write folded on both', 60_000)
      expect(a2!.view.hash).toBe(c2!.view.hash)
      expect((await site.audit(a, next))?.status).toBe('applied')
      // its attachments go to a core of its own, which alpha opens
      const photo2 = join(scratch.dir, 'photo-2.jpg') // other bytes: the same bytes are found where they are
      await writeFile(photo2, randomBytes(64 * 1024))
      const newBlob = await attach(c, device.device, photo2)
      expect(newBlob.core).not.toBe(oldBlob.core)
      await site.until(sameView, 'the new attachment on both')
      const opened = join(scratch.dir, 'opened.jpg')
      await call(a, 'attachments.open', { id: newBlob.id, path: opened })
      expect(await readFile(opened)).toEqual(await readFile(photo2))

      // the new node's own backup restores as itself: its rotated writer core, its own network key
      const again = join(scratch.dir, 'bravo-2.op')
      expect((await cli(['--data-dir', c.dir, 'backup', again, '--as', 'admin'])).code).toBe(0)
      await site.post(c, 'bravo-2 after its backup') // which only alpha holds once bravo-2 is lost
      const [, lost] = await site.until(sameView, 'the note after the backup on alpha')
      const { node: cNode, network: cNetwork, log: cLog } = lost!
      await c.daemon.kill()
      await rm(c.dir, { recursive: true, force: true })
      expect((await cli(['restore', again, c.dir])).code).toBe(0)
      await writeFile(join(c.dir, 'config.json'), JSON.stringify({ network: FAST_NETWORK }))
      c.daemon = await startDaemonProcess(c.dir, { args: c.args }) // takes its log back from alpha first
      const [, back] = await site.until((s) => sameView(s) && s.every((x) => x.peers.some((p) => p.online)), 'bravo-2 back', 90_000)
      expect(back!.node.key).toBe(cNode.key)
      expect(back!.log.localLength, 'its log taken back beyond the backup').toBe(cLog.localLength)
      expect(back!.network.swarmKey).toBe(cNetwork.swarmKey)
      const last = await site.post(c, 'bravo-2 after its own restore')
      await site.until((s) => sameView(s) && s[0]!.view.seq > back!.view.seq, 'its next write folded on both', 60_000)
      expect((await site.audit(a, last))?.status).toBe('applied')
      expect(a.daemon.log()).not.toMatch(/fork/i)
    },
  )
})
