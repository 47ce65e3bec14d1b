import { afterEach, describe, expect, it } from 'vitest'
import type { CatchUp } from '../../protocol/index.js'
import { catchUpLine } from '../../bin/commands/status.js'
import { signedIn, startDaemonProcess } from '../helpers/daemon-process.js'
import { MeshSite, sameView } from '../helpers/mesh-site.js'

/**
 * A node back after a long absence says how far along it is (issue #21: progress for catch-up,
 * not a stale view without a word): `system.status` carries `catchUp`, in log blocks, and it
 * moves from behind to level as the node fetches and folds what the site did meanwhile.
 */

let site: MeshSite
afterEach(() => site.close())

const BLOCKS = 600

describe('catch-up progress', () => {
  it('a node back from an absence reports blocks folded of those known, then level', { timeout: 180_000 }, async () => {
    site = new MeshSite()
    const a = await site.found('alpha')
    const address = (await site.status(a)).network.address!
    const b = await site.pair(a, 'bravo', ['--direct', address])
    await site.until((s) => sameView(s) && s.every((x) => x.node.writable), 'bravo writable')
    expect(await b.daemon.stop()).toBe(0)
    // one block per submit: the gauge counts blocks
    const writer = await signedIn(a.daemon, 'admin', site.adminSecret)
    for (let i = 0; i < BLOCKS; i++) await writer.call('notes.post', { text: `while bravo was off ${i}` })
    writer.close()

    b.daemon = await startDaemonProcess(b.dir, { args: b.args })
    const samples: CatchUp[] = []
    const watcher = await signedIn(b.daemon, 'admin', site.adminSecret)
    let level = false
    while (!level) {
      const status = await watcher.call('system.status')
      expect(status.catchUp).toBeDefined()
      const c = status.catchUp!
      samples.push(c)
      // never more folded than known, never a negative count
      expect(c.folded).toBeLessThanOrEqual(c.total)
      expect(c.fetch).toBeGreaterThanOrEqual(0)
      level = c.total >= BLOCKS && c.folded === c.total && c.fetch === 0
      if (!level) await new Promise((r) => setTimeout(r, 20))
    }
    watcher.close()
    // on the way it was behind: blocks known and not folded yet, or still to fetch
    expect(samples.some((c) => c.folded < c.total || c.fetch > 0)).toBe(true)
    // the folded count only grows
    for (let i = 1; i < samples.length; i++) expect(samples[i]!.folded).toBeGreaterThanOrEqual(samples[i - 1]!.folded)
    await site.until((s) => sameView(s), 'bravo level with alpha')
    expect(catchUpLine(samples.at(-1)!)).toMatch(/^level: all \d+ blocks held are folded$/)
  })

  it('the status line says how far along a node is, and what it still has to fetch', () => {
    expect(catchUpLine({ fetch: 0, folded: 10, total: 10 })).toBe('level: all 10 blocks held are folded')
    expect(catchUpLine({ fetch: 300, folded: 250, total: 1000 })).toBe('folded 250 of 1000 blocks (25%), 300 still to fetch from peers')
  })
})
