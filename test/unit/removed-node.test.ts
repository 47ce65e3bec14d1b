import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readRemovalFile } from '../../daemon/removal.js'
import { Removal, removalLine } from '../../protocol/index.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'

const AT = Date.parse('2026-12-01T10:00:00Z')
const REASON = 'the node was removed from the site on 2026-12-01 10:00 UTC by admin: this operation was not accepted'

let stop: (() => Promise<void>) | null = null
afterEach(async () => {
  await stop?.()
  stop = null
})

describe('a node told it was removed', () => {
  it('lists what it wrote after the accepted part of its log as rejected, in audit and conflicts, and refuses writes', async () => {
    const daemon = await startInProcessDaemon()
    stop = daemon.stop
    const client = await daemon.connect()
    await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
    const before = (await client.call('notes.post', { text: 'before' })).ids[0]!
    const accepted = daemon.node.base.local.length
    const after = (await client.call('notes.post', { text: 'after' })).ids[0]!
    const pair = (
      await client.call('ops.submit', {
        ops: [
          { type: 'notes.post', payload: { text: 'one' } },
          { type: 'notes.post', payload: { text: 'two' } },
        ],
      })
    ).ids

    await daemon.node.recordRemoval({ by: 'admin', at: AT, accepted })
    await daemon.node.recordRemoval({ by: 'someone else', at: 0, accepted: 0 }) // the first word stands

    const status = await client.call('system.status')
    expect(status.node).toMatchObject({ writable: false, removal: { by: 'admin', at: AT, accepted } })
    const audit = await client.call('audit.list', { limit: 100 })
    const byId = new Map(audit.map((e) => [e.id, e]))
    expect(byId.get(before)).toMatchObject({ status: 'applied' })
    for (const id of [after, ...pair]) expect(byId.get(id)).toMatchObject({ status: 'rejected', reason: REASON })
    // the filters and the paging see the same outcome
    expect((await client.call('audit.list', { limit: 100, type: 'notes.post' })).filter((e) => e.status === 'rejected')).toHaveLength(3)
    const older = await client.call('audit.list', { limit: 100, beforeSeq: byId.get(pair[1]!)!.seq })
    expect(older.find((e) => e.id === pair[0])).toMatchObject({ status: 'rejected', reason: REASON })

    const conflicts = await client.call('conflicts.list', { open: true, limit: 100 })
    expect(conflicts.map((c) => [c.op.id, c.kind, c.reason, c.resolution])).toEqual(
      [after, ...pair].map((id) => [id, 'rejected', REASON, null]),
    )
    expect(await client.call('conflicts.list', { open: true, limit: 1 })).toHaveLength(1)
    await expect(client.call('conflicts.resolve', { conflict: conflicts[0]!.id, note: 'seen' })).rejects.toMatchObject({
      code: 'E_CONFLICT',
      message: expect.stringContaining('the site never accepted this operation of a removed node'),
    })
    await expect(client.call('notes.post', { text: 'more' })).rejects.toMatchObject({
      code: 'E_NODE_REMOVED',
      message: `${removalLine({ by: 'admin', at: AT, accepted })}; it can no longer write`,
    })
    client.close()
  })

  it('a node nobody removed lists nothing extra', async () => {
    const daemon = await startInProcessDaemon()
    stop = daemon.stop
    const client = await daemon.connect()
    await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
    await client.call('notes.post', { text: 'hello' })
    expect((await client.call('system.status')).node.removal).toBeNull()
    const audit = await client.call('audit.list', { limit: 100 })
    expect(
      audit.map((e) => e.type),
      'the note is in the audit trail',
    ).toContain('notes.post')
    expect(audit.filter((e) => e.status !== 'applied')).toEqual([])
    expect(await client.call('conflicts.list', { open: true, limit: 100 })).toEqual([])
    client.close()
  })
})

describe('the removal notice and removed.json are read against their schema', () => {
  it('refuses malformed and hostile notices', () => {
    const good = { by: 'admin', at: AT, accepted: 3 }
    expect(Removal.safeParse(good).success).toBe(true)
    // what a newer version adds is dropped, not trusted and not refused
    expect(Removal.parse({ ...good, extra: true })).toEqual(good)
    for (const bad of [
      null,
      'removed',
      [],
      {},
      { ...good, by: '' },
      { ...good, by: 'x'.repeat(81) },
      { ...good, at: -1 },
      { ...good, at: 1.5 },
      { ...good, accepted: -1 },
      { ...good, accepted: '3' },
      { ...good, __proto__: { accepted: 1 }, accepted: undefined },
    ]) {
      expect(Removal.safeParse(bad).success, JSON.stringify(bad)).toBe(false)
    }
  })

  it('says when plainly, and says so when the view that removed the node did not record it', () => {
    expect(removalLine({ by: 'mia', at: AT, accepted: 0 })).toBe(
      'this node was removed from the site on 2026-12-01 10:00 UTC by mia: its later work was not accepted',
    )
    expect(removalLine({ by: 'a manager', at: 0, accepted: 0 })).toBe(
      'this node was removed from the site on an unknown date by a manager: its later work was not accepted',
    )
  })

  it('a missing removed.json is no removal; a damaged one stops the start with a clear line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'op-removal-'))
    try {
      const path = join(dir, 'removed.json')
      expect(await readRemovalFile(path)).toBeNull()
      await writeFile(path, JSON.stringify({ by: 'admin', at: 'yesterday', accepted: 1 }))
      await expect(readRemovalFile(path)).rejects.toMatchObject({
        code: 'E_USAGE',
        message: `${path}: at: Invalid input: expected number, received string`,
      })
      await writeFile(path, '{"by":')
      await expect(readRemovalFile(path)).rejects.toMatchObject({ code: 'E_USAGE', message: `${path} is not valid JSON` })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
