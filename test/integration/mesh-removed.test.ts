import { afterEach, describe, expect, it } from 'vitest'
import type { AuditEntry, ConflictRecord, Status } from '../../protocol/index.js'
import { signedIn, startDaemonProcess } from '../helpers/daemon-process.js'
import { MeshSite, sameView, type SiteNode } from '../helpers/mesh-site.js'
import { eventually } from '../helpers/eventually.js'

/**
 * Issue #14, point 8: a node removed while it was apart from the site kept acknowledging work.
 * Seen before the fix: its note was then in no node's notes, audit trail or conflicts (Autobase
 * skips a removed writer's later blocks, and the reorder takes the removed node's own fold of
 * them back out), and the removed node never learned it was removed.
 */

let site: MeshSite
afterEach(() => site.close())

interface Seen {
  audit: AuditEntry | undefined
  conflict: ConflictRecord | undefined
  status: Status
}

/** What a node lists of one operation: its audit entry and its conflict, if any. */
async function seenOn(node: SiteNode, id: string): Promise<Seen> {
  const client = await signedIn(node.daemon, 'admin', site.adminSecret)
  try {
    return {
      audit: (await client.call('audit.list', { limit: 1000 })).find((e) => e.id === id),
      conflict: (await client.call('conflicts.list', { open: true, limit: 1000 })).find((c) => c.op.id === id),
      status: await client.call('system.status'),
    }
  } finally {
    client.close()
  }
}

function expectRejectedAsRemoved(seen: Seen, where: string): void {
  expect(seen.audit, `${where}: audit entry`).toMatchObject({ status: 'rejected', type: 'notes.post' })
  expect(seen.audit?.reason, where).toMatch(
    /^the node was removed from the site on \d{4}-\d\d-\d\d \d\d:\d\d UTC by admin: this operation was not accepted$/,
  )
  expect(seen.conflict, `${where}: conflict`).toMatchObject({
    kind: 'rejected',
    op: { type: 'notes.post', person: 'admin' },
    resolution: null,
  })
  expect(seen.conflict?.reason, where).toBe(seen.audit?.reason)
}

async function expectRemovedNode(b: SiteNode): Promise<void> {
  const client = await signedIn(b.daemon, 'admin', site.adminSecret)
  try {
    const status = await client.call('system.status')
    expect(status.node.writable).toBe(false)
    expect(status.node.removal).toMatchObject({ by: 'admin' })
    await expect(client.call('notes.post', { text: 'one more' })).rejects.toMatchObject({
      code: 'E_NODE_REMOVED',
      message: expect.stringMatching(
        /^this node was removed from the site on .* by admin: its later work was not accepted; it can no longer write$/,
      ),
    })
  } finally {
    client.close()
  }
}

/** Wait (bounded) until the node's status says it was removed. */
function untilRemoved(node: SiteNode, timeoutMs = 45_000): Promise<Status> {
  return eventually(() => site.status(node), `${node.name} to learn it was removed`, {
    ok: (status) => status.node.removal !== null,
    timeoutMs,
    intervalMs: 100,
    show: (status) => JSON.stringify(status.node),
    evidence: () => node.daemon.log().slice(-2000),
  })
}

describe('mesh: a removed node`s later work is never lost', () => {
  it('two nodes: the removed node is told, lists its note as rejected, and refuses further writes', { timeout: 180_000 }, async () => {
    site = new MeshSite()
    const a = await site.found('alpha')
    const b = await site.pairDirect(a, 'bravo')
    await site.until((s) => sameView(s) && s.every((x) => x.node.writable && x.peers.every((p) => p.online)), 'both writable and online')
    const before = await signedIn(b.daemon, 'admin', site.adminSecret)
    const { ids: beforeIds } = await before.call('notes.post', { text: 'before removal' })
    before.close()
    await site.until((s) => sameView(s), 'the first note to reach alpha')

    // apart: bravo runs without network, and is removed on alpha meanwhile
    expect(await b.daemon.stop()).toBe(0)
    const removed = await site.cli(a.dir, ['peers', 'remove', 'bravo'])
    expect(removed.code, removed.stderr).toBe(0)
    b.daemon = await startDaemonProcess(b.dir, { args: ['--no-network'] })
    const apart = await signedIn(b.daemon, 'admin', site.adminSecret)
    const { ids } = await apart.call('notes.post', { text: 'after removal' }) // acknowledged: bravo does not know yet
    apart.close()
    const noteId = ids[0]!
    expect(await b.daemon.stop()).toBe(0)

    // they meet: alpha refuses bravo, and tells it why
    b.daemon = await startDaemonProcess(b.dir, { args: b.args })
    const t0 = Date.now()
    const status = await untilRemoved(b)
    if (process.env.MESH_TIMING !== undefined) console.log(`  bravo told it was removed ${Date.now() - t0} ms after its daemon was ready`)
    expect(status.node.removal).toMatchObject({ by: 'admin', accepted: 1 })
    const onB = await seenOn(b, noteId)
    expectRejectedAsRemoved(onB, 'bravo')
    expect((await seenOn(b, beforeIds[0]!)).audit).toMatchObject({ status: 'applied' }) // what the site accepted stands
    await expectRemovedNode(b)

    // alpha never held it: bravo was refused before anything replicated
    const onA = await seenOn(a, noteId)
    expect(onA.audit).toBeUndefined()
    expect(onA.conflict).toBeUndefined()
    expect(onA.status.peers).toEqual([])

    // the removed node remembers it across a restart, network or not
    expect(await b.daemon.stop()).toBe(0)
    b.daemon = await startDaemonProcess(b.dir, { args: ['--no-network'] })
    expectRejectedAsRemoved(await seenOn(b, noteId), 'bravo after a restart')
    await expectRemovedNode(b)
  })

  it(
    'three nodes: a note that reached a current node before the removal did is listed as rejected on every node that holds it',
    { timeout: 300_000 },
    async () => {
      site = new MeshSite()
      const a = await site.found('alpha')
      const b = await site.pairDirect(a, 'bravo')
      const c = await site.pairDirect(a, 'charlie')
      await site.until(
        (s) => sameView(s) && s.every((x) => x.node.writable && x.peers.length === 2 && x.peers.every((p) => p.online)),
        'all three writable and linked',
        60_000,
      )
      // alpha removes bravo alone; then bravo and charlie meet without alpha
      await b.daemon.stop()
      await c.daemon.stop()
      const removed = await site.cli(a.dir, ['peers', 'remove', 'bravo'])
      expect(removed.code, removed.stderr).toBe(0)
      await a.daemon.stop()
      b.daemon = await startDaemonProcess(b.dir, { args: b.args })
      c.daemon = await startDaemonProcess(c.dir, { args: c.args })
      const fromB = await signedIn(b.daemon, 'admin', site.adminSecret)
      const noteId = (await fromB.call('notes.post', { text: 'after removal' })).ids[0]!
      fromB.close()
      await site.until((s) => sameView(s), 'charlie to fold the note', 60_000)
      expect((await seenOn(c, noteId)).audit).toMatchObject({ status: 'applied' }) // charlie took it: it did not know

      // alpha comes back: charlie folds the removal, and the note leaves every view
      a.daemon = await startDaemonProcess(a.dir, { args: a.args })
      const removedOn = (s: Status) => s.writers.find((w) => w.name === 'bravo')?.removed === true
      await site.until((s) => removedOn(s[0]!) && removedOn(s[2]!), 'charlie to fold the removal', 60_000)
      await untilRemoved(b)

      expectRejectedAsRemoved(await seenOn(b, noteId), 'bravo')
      expectRejectedAsRemoved(await seenOn(c, noteId), 'charlie')
      // alpha lists it too if bravo's block reached it through charlie; it never shows it as applied
      const onA = await seenOn(a, noteId)
      if (onA.audit !== undefined) expectRejectedAsRemoved(onA, 'alpha')
      await expectRemovedNode(b)
      for (const n of [a, c]) {
        const notes = await signedIn(n.daemon, 'admin', site.adminSecret)
        expect((await notes.call('notes.list', {})).map((x) => x.text)).not.toContain('after removal')
        notes.close()
      }
    },
  )
})
