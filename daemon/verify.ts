import Autobase from 'autobase'
import type Hypercore from 'hypercore'
import type { AuditEntry } from '../protocol/index.js'
import { offlineHost } from './fold/context.js'
import { foldOperation } from './fold/fold-operation.js'
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
    const meta = await node.reader.meta()
    const site = await node.reader.site()
    const scratch = await ViewWriter.open(new OverlayBatch())
    const cores = new Map<string, Hypercore>()
    const host = offlineHost(site?.founder ?? null)
    // the journal keeps each log block's entries together: fold them as the fold did, a block at a time
    blocks: for await (const { value } of snapshot.createReadStream(AUDIT_RANGE)) {
      for (const entry of auditEntries(value)) {
        if (entry.seq >= meta.seq) break blocks
        const op = await readOperation(node, cores, entry)
        await foldOperation(scratch, op, { from: entry.node, block: entry.at.block, index: entry.at.index }, host)
      }
      await scratch.flushDeferred()
    }
    for (const core of cores.values()) await core.close()
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

async function readOperation(node: OutpostNode, cores: Map<string, Hypercore>, entry: AuditEntry): Promise<unknown> {
  let core = cores.get(entry.node)
  if (core === undefined) {
    core = node.store.get({ key: Buffer.from(entry.node, 'hex') })
    await core.ready()
    cores.set(entry.node, core)
  }
  const raw = (await core.get(entry.at.block)) as Buffer
  // encrypted logs are decrypted with the site key, the way Autobase derives each writer's block key
  const decrypt =
    node.encryptionKey === null
      ? {}
      : { autobase: node.base.key, encryptionKey: node.encryptionKey, key: core.key, manifest: core.manifest, index: entry.at.block }
  const block = JSON.parse(Buffer.from(await Autobase.decodeValue(raw, decrypt)).toString('utf8')) as {
    block?: number
    ops?: unknown[]
  } | null
  if (block !== null && typeof block === 'object' && Array.isArray(block.ops)) return block.ops[entry.at.index]
  return block
}
