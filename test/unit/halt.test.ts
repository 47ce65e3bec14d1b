import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../daemon/logger.js'
import { OutpostNode } from '../../daemon/node.js'
import { foundSite } from '../../daemon/site.js'

let dir: string
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('an operation from a newer version', () => {
  it('stops the fold before it, reports why, and keeps the view as it was, across a restart', async () => {
    dir = await mkdtemp(join(tmpdir(), 'op-halt-'))
    const open = async () => {
      const node = new OutpostNode({ storageDir: join(dir, 'store'), site: null, logger: createLogger('silent') })
      await node.open()
      return node
    }
    let node = await open()
    await foundSite(node, { name: 'Depot', adminSecret: 'TEST-0000' })
    await node.append(node.stamp([{ type: 'notes.post', payload: { text: 'before' } }], 'admin'))
    const before = await node.read.system.meta()
    await node.status() // as the daemon does on every change

    const [op] = node.stamp([{ type: 'notes.post', payload: { text: 'from the future' } }], 'admin')
    const halted = new Promise<string>((resolve) => node.once('halted', resolve))
    // what a newer Outpost would write: an operation version this one does not know
    await node.base.append({ block: 1, ops: [{ ...op!, v: 2 }] }).catch(() => undefined)
    expect(await halted).toBe(
      'the log holds an operation this version cannot read (notes.post v2 is newer than this version reads (v1)): upgrade Outpost',
    )
    expect(node.halted).not.toBeNull()
    const status = await node.status()
    expect(status).toMatchObject({ halted: node.halted, view: { seq: before.seq } })
    await expect(node.append(node.stamp([{ type: 'notes.post', payload: { text: 'after' } }], 'admin'))).rejects.toMatchObject({
      code: 'E_HALTED',
    })
    await node.close()

    // a restart with the same version halts at the same place; nothing past it was folded
    node = await open()
    const meta = await node.read.system.meta()
    expect(meta).toEqual(before)
    expect((await node.read.notes.notes({ archived: false, limit: 10 })).map((n) => n.text)).toEqual(['before'])
    await node.close()
  })
})
