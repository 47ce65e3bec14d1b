import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { backupCalls } from '../../bin/commands/backup.js'
import { writeBackup } from '../../daemon/backup/write-backup.js'
import { restoreBackup } from '../../daemon/backup/restore.js'
import { createLogger } from '../../daemon/logger.js'
import { OutpostNode } from '../../daemon/node.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { refusal } from '../helpers/refusal.js'
import { eventually } from '../helpers/eventually.js'

const CHEAP = { opslimit: 1, memlimit: 8192 }
const PASS = 'a passphrase for tests'

let cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanup.reverse()) await c()
  cleanup = []
})

async function started() {
  const daemon = await startInProcessDaemon([{ id: 'boss', name: 'Boss', role: 'manager', pin: '4321' }])
  const dir = await mkdtemp(join(tmpdir(), 'op-bks-'))
  cleanup.push(daemon.stop, () => rm(dir, { recursive: true, force: true }))
  const admin = await daemon.connect()
  await admin.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
  cleanup.push(async () => admin.close())
  return { daemon, dir, admin }
}

describe('backup socket methods', () => {
  it('are for admins only, and refuse ids they do not hold', async () => {
    const { daemon, admin } = await started()
    const anonymous = await daemon.connect()
    const manager = await daemon.connect()
    cleanup.push(
      async () => anonymous.close(),
      async () => manager.close(),
    )
    await manager.call('session.signIn', { person: 'boss', pin: '4321' })
    expect((await refusal(anonymous.call('backup.begin', {}))).code).toBe('E_NOT_SIGNED_IN')
    expect((await refusal(manager.call('backup.begin', {}))).code).toBe('E_FORBIDDEN')
    const { id } = await admin.call('backup.begin', {})
    expect((await refusal(manager.call('backup.read', { id, after: null }))).code).toBe('E_FORBIDDEN')
    expect((await refusal(admin.call('backup.read', { id: 'nope', after: null }))).code).toBe('E_INVALID_PARAMS')
    expect((await refusal(admin.call('backup.read', { id: '0'.repeat(32), after: null }))).code).toBe('E_NOT_FOUND')
    // a second and third at once: two are allowed, each holds a snapshot
    const second = await admin.call('backup.begin', {})
    expect((await refusal(admin.call('backup.begin', {}))).code).toBe('E_BUSY')
    await admin.call('backup.end', { id: second.id })
    await admin.call('backup.end', { id })
    expect((await refusal(admin.call('backup.read', { id, after: null }))).code).toBe('E_NOT_FOUND')
    // a key that is not base64 reads as some key: the page after it, never a failure of the daemon
    const third = await admin.call('backup.begin', {})
    expect(await admin.call('backup.read', { id: third.id, after: '!!!' })).toMatchObject({ done: expect.any(Boolean) })
    await admin.call('backup.end', { id: third.id })
  })

  it('a backup taken while writes go on restores to the view hash of its snapshot', { timeout: 60_000 }, async () => {
    const { daemon, dir, admin } = await started()
    const writer = await daemon.connect()
    cleanup.push(async () => writer.close())
    await writer.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
    for (let i = 0; i < 20; i++) await writer.call('notes.post', { text: `before ${i}` })
    let writing = true
    let written = 0
    const writes = (async () => {
      while (writing) {
        await writer.call('notes.post', { text: `during ${written}` })
        written++
      }
    })()
    // the backup begins while writes land, and they go on while it is read
    await eventuallyWritten(() => written >= 3)
    const file = join(dir, 'b.op')
    const { manifest, entries } = await writeBackup(backupCalls(admin), file, PASS, CHEAP)
    const atEnd = written
    await eventuallyWritten(() => written >= atEnd + 3) // more land after the snapshot was read
    writing = false
    await writes
    const now = await admin.call('system.status')
    expect(now.view.seq).toBeGreaterThan(manifest.view.seq)
    expect(entries).toBeGreaterThan(0)

    const target = join(dir, 'restored')
    await restoreBackup({ file, dataDir: target, passphrase: PASS, noPeerHoldsMore: true })
    const node = new OutpostNode({
      storageDir: join(target, 'store'),
      site: Buffer.from(manifest.site, 'hex'),
      logger: createLogger('silent'),
    })
    await node.open()
    try {
      const meta = await node.read.system.meta()
      expect({ seq: meta.seq, hash: meta.hash }).toEqual(manifest.view)
      expect(node.nodeKey).toBe(manifest.node)
      expect(node.base.local.length).toBe(manifest.localLength)
    } finally {
      await node.close()
    }
  })
})

/** Wait (bounded) on the writer loop's count: it advances on its own. */
async function eventuallyWritten(ok: () => boolean): Promise<void> {
  await eventually(ok, 'notes written meanwhile', { timeoutMs: 30_000, intervalMs: 10 })
}
