import type Hyperbee from 'hyperbee'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { dryRun } from '../../daemon/fold/dry-run.js'
import { createLogger } from '../../daemon/logger.js'
import { OutpostNode } from '../../daemon/node.js'
import { foundSite } from '../../daemon/site.js'

/**
 * The dry run judges a block at the index it will have in this node's log. When a block of the
 * same node is folded while the dry run reads the live view (the print worker records a label),
 * the second pass runs on a newer snapshot, where this node's place has moved: judged at the old
 * index, its first operation looked folded already ("repeated", skipped) and the next one, which
 * needs it, was refused (seen: an order's reservations found no order, in the pick tmux test).
 */
let dir = ''
let node: OutpostNode | null = null
afterEach(async () => {
  await node?.close()
  node = null
  await rm(dir, { recursive: true, force: true })
})

describe('the dry run and a block of its own node folded meanwhile', () => {
  it('judges the block at the index it will have then, not at the one it had when the check began', async () => {
    dir = await mkdtemp(join(tmpdir(), 'op-dry-'))
    const n = new OutpostNode({ storageDir: join(dir, 'store'), site: null, logger: createLogger('silent'), syncWrites: false })
    node = n
    await n.open()
    await foundSite(n, { name: 'Dry', nodeName: 'n0', adminSecret: 'TEST-0000' })
    const judge = async (blockNow: (atStart: number) => () => number) => {
      // a note and its archiving in one block: the second needs the first
      const [post] = n.stamp([{ type: 'notes.post', payload: { text: 'forklift' } }], 'admin')
      const [archive] = n.stamp([{ type: 'notes.archive', payload: { noteId: post!.id } }], 'admin')
      const view = n.base.view
      let landed = false
      const live = {
        get version() {
          return view.version
        },
        get core() {
          return view.core
        },
        snapshot: () => view.snapshot(),
        get: (key: string) => view.get(key),
        // this node's own block lands while the dry run reads (its reads go through a batch of the view)
        batch: (opts: { wait?: boolean }) => {
          const batch = view.batch(opts)
          return {
            get: async (key: string) => {
              if (!landed) {
                landed = true
                await n.append(n.stamp([{ type: 'notes.post', payload: { text: 'a label printed' } }], 'admin'))
              }
              return batch.get(key)
            },
            close: () => batch.close(),
          }
        },
      }
      return dryRun(live as unknown as Hyperbee, [post!, archive!], n.nodeKey, blockNow(n.base.local.length))
    }
    // the index read once, when the check began: the note is taken for one folded already
    expect((await judge((atStart) => () => atStart))?.reason).toBe('no such note')
    // read with each pass: nothing to refuse
    expect(await judge(() => () => n.base.local.length)).toBeNull()
  })
})
