import type { AuditEntry } from '../protocol/index.js'
import { offlineHost } from './fold/context.js'
import { foldOperation } from './fold/fold-operation.js'
import { LogReader } from './log-blocks.js'
import type { OutpostNode } from './node.js'
import type Hyperbee from 'hyperbee'
import { AUDIT_RANGE, META_KEY } from './view/keys.js'
import { auditEntries } from './view/read.js'
import { EMPTY_HASH, entryDigest, xorInto } from './view/view-hash.js'
import { OverlayBatch } from './view/overlay-batch.js'
import { ViewWriter } from './view/view-writer.js'

export interface VerifyReport {
  seq: number
  /** The digest the fold kept up as it went. */
  hash: string
  /** The digest of what the view holds now, read entry by entry. */
  contentHash: string
  /** The digest of a fresh fold of the log. */
  refoldHash: string
  consistent: boolean
}

/**
 * Re-fold the log from scratch and compare with the persisted view. The audit journal says in
 * which order the operations were folded and where each stands in its writer's signed log;
 * each is read back from that log (not from the view), folded into an empty in-memory view by
 * the same fold, and the two digests compared. A view that drifted from its log shows here.
 */
export async function verifyView(node: OutpostNode): Promise<VerifyReport> {
  const snapshot = node.base.view.snapshot()
  try {
    const meta = await node.read.system.meta()
    const site = await node.read.system.site()
    const scratch = await ViewWriter.open(new OverlayBatch())
    const log = new LogReader(node)
    const host = offlineHost(site?.founder ?? null)
    // the journal keeps each log block's entries together: fold them as the fold did, a block at a time
    blocks: for await (const { value } of snapshot.createReadStream(AUDIT_RANGE)) {
      for (const entry of auditEntries(value)) {
        if (entry.seq >= meta.seq) break blocks
        const op = await readOperation(log, entry)
        await foldOperation(scratch, op, { from: entry.node, block: entry.at.block, index: entry.at.index }, host)
      }
      await scratch.flushDeferred()
    }
    await log.close()
    const contentHash = await digestOfContents(snapshot)
    const consistent = scratch.hash === meta.hash && contentHash === meta.hash && scratch.seq === meta.seq
    return { seq: meta.seq, hash: meta.hash, contentHash, refoldHash: scratch.hash, consistent }
  } finally {
    await snapshot.close()
  }
}

async function digestOfContents(bee: Hyperbee): Promise<string> {
  const acc = Buffer.from(EMPTY_HASH, 'hex')
  for await (const { key, value } of bee.createReadStream()) if (key !== META_KEY) xorInto(acc, entryDigest(key, value))
  return acc.toString('hex')
}

async function readOperation(log: LogReader, entry: AuditEntry): Promise<unknown> {
  const ops = await log.operations(entry.node, entry.at.block)
  return ops?.[entry.at.index] ?? null
}
