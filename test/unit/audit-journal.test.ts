import { afterEach, describe, expect, it } from 'vitest'
import type { OperationDraft } from '../../protocol/index.js'
import type { OutpostNode } from '../../daemon/node.js'
import { verifyView } from '../../daemon/verify.js'
import { AUDIT_RANGE, auditKey } from '../../daemon/view/keys.js'
import { InProcessSite } from '../helpers/in-process-site.js'

let site: InProcessSite
afterEach(async () => {
  await site.close()
})

const notes = (label: string, count: number): OperationDraft[] =>
  Array.from({ length: count }, (_, i) => ({ type: 'notes.post', payload: { text: `${label} ${i}` } }))

/** Append one log block; returns the seq its first operation gets. */
async function block(node: OutpostNode, drafts: OperationDraft[]): Promise<number> {
  const first = (await node.read.system.meta()).seq
  await node.append(node.stamp(drafts, 'admin'))
  return first
}

describe('the audit journal, kept one view entry per log block', () => {
  it('keeps each block’s entries together, and reads back page by page, filtered, and last', async () => {
    site = await InProcessSite.create(1)
    const [node] = site.nodes as [OutpostNode]
    const a = await block(node, notes('a', 5))
    const b = await block(node, [...notes('b', 2), { type: 'notes.archive', payload: { noteId: 'no-such-note' } }])
    const c = await block(node, notes('c', 2))
    const end = c + 2

    // one journal entry per block, under its first operation's seq, holding the block in order
    const journal = new Map<string, unknown>()
    for await (const { key, value } of node.base.view.createReadStream(AUDIT_RANGE)) journal.set(key, value)
    const blockB = journal.get(auditKey(b)) as { seq: number; type: string; status: string; reason?: string }[]
    expect(blockB.map((e) => [e.seq, e.type, e.status])).toEqual([
      [b, 'notes.post', 'applied'],
      [b + 1, 'notes.post', 'applied'],
      [b + 2, 'notes.archive', 'rejected'],
    ])
    expect(blockB[2]!.reason).toBe('no such note')
    expect(journal.has(auditKey(a + 1))).toBe(false)

    // newest first, across blocks, and a page that starts inside a block
    const all = await node.read.system.audit({ limit: 1000 })
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: end }, (_, i) => end - 1 - i))
    const page = await node.read.system.audit({ limit: 4, beforeSeq: b + 2 })
    expect(page.map((e) => e.seq)).toEqual([b + 1, b, a + 4, a + 3])
    expect(await node.read.system.audit({ limit: 10, beforeSeq: 0 })).toEqual([])

    // filtered: the one rejected archive, wherever it sits in its block
    const archives = await node.read.system.audit({ limit: 10, type: 'notes.archive' })
    expect(archives.map((e) => e.seq)).toEqual([b + 2])
    expect((await node.read.system.audit({ limit: 3, person: 'admin', beforeSeq: c })).map((e) => e.seq)).toEqual([c - 1, c - 2, c - 3])

    expect((await node.read.system.lastAudit())?.seq).toBe(end - 1)
    // a re-fold of the log, a block at a time, gives the same view
    expect((await verifyView(node)).consistent).toBe(true)
  })
})
