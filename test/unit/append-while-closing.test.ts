import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../daemon/logger.js'
import { OutpostNode } from '../../daemon/node.js'
import { foundSite } from '../../daemon/site.js'
import { AppendOutcomeUnknown } from '../../daemon/submit.js'

/**
 * A write under way when the node closes (the daemon stopping) ends with Autobase's "Autobase is
 * closing": its outcome is unknown, and the client is left unanswered, but the store did not fail.
 * It was logged as "store failed" and the node marked failed (seen when a bench stopped its daemons
 * in the middle of a rush). An error Autobase closed itself for is still a failure.
 */
let dir = ''
let node: OutpostNode | null = null

afterEach(async () => {
  await node?.close().catch(() => undefined)
  node = null
  await rm(dir, { recursive: true, force: true })
})

async function openNode(): Promise<OutpostNode> {
  dir = await mkdtemp(join(tmpdir(), 'op-closing-'))
  const n = new OutpostNode({ storageDir: join(dir, 'store'), site: null, logger: createLogger('silent'), syncWrites: false })
  node = n
  await n.open()
  await foundSite(n, { name: 'Closing', nodeName: 'n0', adminSecret: 'TEST-0000' })
  return n
}

/** Autobase as it ends an append when it closes, with `lastError` as its own last error. */
function appendEndsWhenClosing(n: OutpostNode, lastError: Error | null): () => void {
  let closing = () => {}
  const closed = new Promise<void>((resolve) => (closing = resolve))
  const base = n.base as unknown as { append: (value: unknown) => Promise<unknown>; getLastError: () => Error | null }
  base.append = async () => {
    await closed
    throw new Error('Autobase is closing')
  }
  base.getLastError = () => lastError
  return closing
}

describe('a write under way when the node closes', () => {
  it('ends with its outcome unknown, and the node is not marked failed', async () => {
    const n = await openNode()
    const failed: string[] = []
    n.on('failed', (reason: string) => failed.push(reason))
    const closing = appendEndsWhenClosing(n, null)
    const write = n.append(n.stamp([{ type: 'notes.post', payload: { text: 'under way' } }], 'admin'))
    write.catch(() => undefined)
    const closed = n.close()
    closing()
    const err = await write.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppendOutcomeUnknown)
    expect((err as Error).message).toMatch(/the node closed during the write/)
    await closed
    node = null
    expect(n.failed).toBeNull()
    expect(failed).toEqual([])
  })

  it('is a store failure when Autobase closed itself for an error of its own', async () => {
    const n = await openNode()
    const closing = appendEndsWhenClosing(n, new Error('disk I/O error'))
    const write = n.append(n.stamp([{ type: 'notes.post', payload: { text: 'under way' } }], 'admin'))
    write.catch(() => undefined)
    closing()
    const err = await write.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppendOutcomeUnknown)
    expect(n.failed).toMatch(/the store failed \(.*disk I\/O error/)
  })

  it('is a store failure when the node was not closing', async () => {
    const n = await openNode()
    const closing = appendEndsWhenClosing(n, null)
    const write = n.append(n.stamp([{ type: 'notes.post', payload: { text: 'under way' } }], 'admin'))
    write.catch(() => undefined)
    closing()
    await expect(write).rejects.toBeInstanceOf(AppendOutcomeUnknown)
    expect(n.failed).toMatch(/the store failed \(Autobase is closing/)
  })
})
