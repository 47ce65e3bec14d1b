import type Autobase from 'autobase'
import type Hyperbee from 'hyperbee'
import { LOG_BLOCK_VERSION, type Hlc } from '../../protocol/index.js'
import { ViewWriter } from '../view/view-writer.js'
import { type WriterHost } from './context.js'
import { NeedsUpgrade, foldOperation, type FoldOutcome } from './fold-operation.js'

export interface ApplyHooks {
  /** Called for every applied operation, so the node's clock stays ahead of what it has seen. */
  observe(hlc: Hlc): void
  /** Called when the fold stops at an operation it cannot read. */
  halted(reason: string): void
  /** Called when a log place that was folded already is handed over again (and skipped). */
  repeated(from: string, block: number): void
  /** Called for every operation judged (applied or rejected), for the metrics. */
  folded?(type: unknown, outcome: 'applied' | 'rejected'): void
}

/**
 * Autobase's apply: a plain loop over the linearized blocks. Each block carries a group of
 * operations; all writes of one apply call go into one Hyperbee batch, flushed once.
 */
export function createApply(hooks: ApplyHooks) {
  return async function apply(nodes: Autobase.ApplyNode[], bee: Hyperbee, host: Autobase.Host): Promise<void> {
    const batch = bee.batch()
    const view = await ViewWriter.open(batch)
    const writers = writerHost(host)
    try {
      for (const node of nodes) {
        if (node.value === null) continue // an Autobase ack: no operations
        const from = node.from.key.toString('hex')
        const ops = blockOperations(node.value)
        for (let index = 0; index < ops.length; index++) {
          const outcome: FoldOutcome = await foldOperation(view, ops[index], { from, block: node.length - 1, index }, writers)
          if (outcome.status === 'applied') hooks.observe(outcome.op.hlc)
          else if (outcome.status === 'repeated' && index === 0) hooks.repeated(from, node.length - 1)
          if (outcome.status !== 'repeated') hooks.folded?.((ops[index] as { type?: unknown } | null)?.type, outcome.status)
        }
        await view.flushDeferred() // the block's last place, once (see putDeferred)
      }
    } catch (err) {
      if (!(err instanceof NeedsUpgrade)) throw err
      // Nothing of this apply call is flushed: the view stays as it was before the unreadable
      // operation, and a restart with a newer version folds from there.
      await batch.close()
      hooks.halted(err.message)
      host.interrupt(err.message)
      return
    }
    await view.commit()
    await batch.flush()
  }
}

/** The operations a log block carries; a block this version cannot read stops the fold. */
function blockOperations(value: unknown): unknown[] {
  const block = value as { block?: unknown; ops?: unknown } | null
  if (block === null || typeof block !== 'object' || typeof block.block !== 'number') {
    return [value] // not a block at all: folded as one operation, which is then rejected as malformed
  }
  if (block.block > LOG_BLOCK_VERSION) throw new NeedsUpgrade(`log block v${block.block} is newer than this version reads`)
  return Array.isArray(block.ops) ? block.ops : [block]
}

function writerHost(host: Autobase.Host): WriterHost {
  return {
    addWriter: (key) => host.addWriter(Buffer.from(key, 'hex'), { indexer: false }),
    removeWriter: (key) => host.removeWriter(Buffer.from(key, 'hex')),
    removeable: (key) => host.removeable(Buffer.from(key, 'hex')),
  }
}
