import type Hyperbee from 'hyperbee'
import type { Envelope } from '../../protocol/index.js'
import { ViewWriter, type KeyValueBatch } from '../view/view-writer.js'
import { foldOperation, type FoldOutcome } from './fold-operation.js'

/**
 * Runs the fold's own rules on a group of operations against the current view without writing
 * anything, so the socket can refuse an operation with the same reason the fold would give.
 * The fold stays the authority: an operation that passes here can still be rejected when a
 * concurrent one from another node is ordered first.
 */
export async function dryRun(bee: Hyperbee, ops: Envelope[], from: string): Promise<Extract<FoldOutcome, { status: 'rejected' }> | null> {
  const snapshot = bee.snapshot()
  try {
    const view = await ViewWriter.open(new Overlay(snapshot))
    for (const op of ops) {
      const outcome = await foldOperation(view, op, { from, block: 0, index: 0 }, READ_ONLY_HOST)
      if (outcome.status === 'rejected') return outcome
    }
    return null
  } finally {
    await snapshot.close()
  }
}

const READ_ONLY_HOST = {
  addWriter: async () => {},
  removeWriter: async () => {},
  removeable: () => true,
}

class Overlay implements KeyValueBatch {
  private readonly writes = new Map<string, { value: unknown } | null>()
  constructor(private readonly bee: Hyperbee) {}
  async get(key: string): Promise<{ value: unknown } | null> {
    if (this.writes.has(key)) return this.writes.get(key) ?? null
    return this.bee.get(key)
  }
  async put(key: string, value: unknown): Promise<void> {
    this.writes.set(key, { value })
  }
  async del(key: string): Promise<void> {
    this.writes.set(key, null)
  }
}
