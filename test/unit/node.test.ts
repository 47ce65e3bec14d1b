import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OutpostNode } from '../../daemon/node.js'
import { foundSite } from '../../daemon/site.js'
import { createLogger } from '../../daemon/logger.js'

let dir: string
let node: OutpostNode

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outpost-node-'))
  node = new OutpostNode({ storageDir: join(dir, 'store'), site: null, logger: createLogger('silent') })
  await node.open()
})
afterEach(async () => {
  await node.close()
  await rm(dir, { recursive: true, force: true })
})

describe('OutpostNode', () => {
  it('founds a site with its first admin and folds notes', async () => {
    await foundSite(node, { name: 'Depot', nodeName: 'bench-1', adminSecret: 'TEST-SECRET-0001' })
    const ops = node.stamp([{ type: 'notes.post', payload: { text: 'printer 2 jammed' } }], 'admin')
    await node.append(ops)
    const status = await node.status()
    expect(status.site.name).toBe('Depot')
    expect(status.writers).toEqual([
      { key: node.nodeKey, name: 'bench-1', swarmKey: node.swarmKeyPair.publicKey.toString('hex'), removed: false, addedBy: '@system' },
    ])
    expect(status.view.seq).toBe(3)
    expect(await node.read.people.people()).toEqual([{ id: 'admin', name: 'Administrator', role: 'admin', active: true }])
    const notes = await node.read.notes.notes({ archived: false, limit: 10 })
    expect(notes.map((n) => n.text)).toEqual(['printer 2 jammed'])
  })

  it('keeps a rejected operation in the audit trail with its reason', async () => {
    await foundSite(node, { name: 'Depot', adminSecret: 'TEST-SECRET-0001' })
    const [post] = node.stamp([{ type: 'notes.post', payload: { text: 'x' } }], 'admin')
    await node.append([post!])
    const archive = node.stamp([{ type: 'notes.archive', payload: { noteId: post!.id } }], 'admin')
    await node.append(archive)
    expect((await node.read.notes.notes({ archived: false, limit: 10 })).map((n) => n.id)).toEqual([])
    expect(await node.read.notes.notes({ archived: true, limit: 10 })).toMatchObject([{ id: post!.id, text: 'x', archived: true }])
    await node.append(node.stamp([{ type: 'notes.archive', payload: { noteId: post!.id } }], 'admin'))
    const [last] = await node.read.system.audit({ limit: 1 })
    expect(last).toMatchObject({ type: 'notes.archive', status: 'rejected', reason: 'the note was archived already' })
    await expect(node.check(node.stamp([{ type: 'notes.archive', payload: { noteId: post!.id } }], 'admin'))).rejects.toThrow(
      'the note was archived already',
    )
  })
})

describe('verifyView', () => {
  it('re-folds the log into the same digest as the view, and the view contents match it', async () => {
    const { verifyView } = await import('../../daemon/verify.js')
    await foundSite(node, { name: 'Depot', adminSecret: 'TEST-SECRET-0001' })
    const posts = node.stamp(
      Array.from({ length: 30 }, (_, i) => ({ type: 'notes.post', payload: { text: `n${i}` } })),
      'admin',
    )
    await node.append(posts)
    await node.append(node.stamp([{ type: 'notes.archive', payload: { noteId: posts[3]!.id } }], 'admin'))
    await node.append(node.stamp([{ type: 'notes.archive', payload: { noteId: posts[3]!.id } }], 'admin')) // rejected
    await node.append([{ ...node.stamp([{ type: 'notes.post', payload: { text: 'forged' } }], 'admin')[0]!, node: 'f'.repeat(64) }]) // rejected
    const report = await verifyView(node)
    expect(report.seq).toBe(2 + 30 + 3)
    expect(report).toMatchObject({ consistent: true, refoldHash: report.hash, contentHash: report.hash })
    const audit = await node.read.system.audit({ limit: 2 })
    expect(audit.map((e) => e.reason)).toEqual(['operation names another node than the log it is in', 'the note was archived already'])
  })
})

describe('the dry run', () => {
  it('refuses removing the founder, as the fold does: Autobase never lets the last indexer go', async () => {
    await foundSite(node, { name: 'Depot', adminSecret: 'TEST-SECRET-0001' })
    const remove = node.stamp([{ type: 'mesh.removeNode', payload: { key: node.nodeKey } }], 'admin')
    await expect(node.check(remove)).rejects.toMatchObject({
      code: 'E_CONFLICT',
      message: 'the last indexer of the site cannot be removed',
    })
    await node.append(remove) // and the fold, given it anyway, rejects it with the same reason
    const [last] = await node.read.system.audit({ limit: 1 })
    expect(last).toMatchObject({ type: 'mesh.removeNode', status: 'rejected', reason: 'the last indexer of the site cannot be removed' })
  })
})
