import type Autobase from 'autobase'
import { OutpostError } from '../protocol/index.js'

/**
 * How far back a retried request is recognised: this node's last 1000 log blocks. A retry comes
 * seconds or minutes after the daemon dropped the connection (and restarted); a request is one
 * block, so 1000 is far more than a node appends meanwhile. They are read back once per process,
 * on the first request with an id (measured: 0.2 s for 1000 encrypted blocks, on a 2-core
 * machine at load 24).
 */
export const REQUEST_WINDOW_BLOCKS = 1000

/** What the ledger needs of the node: its Autobase. */
export interface LedgerHost {
  readonly base: Autobase<unknown>
}

/**
 * Client request ids of this node's recent log blocks (`ops.submit`'s `request`). A write whose
 * outcome the client could not learn (the daemon dropped the connection: see
 * AppendOutcomeUnknown) is retried with the same id, and the retry is answered with the first
 * attempt's ids if that block is in the log, so it is never appended twice. The id lives in the
 * log block itself, so the answer survives a restart and needs no separate bookkeeping.
 */
export class RequestLedger {
  private recorded: Promise<Map<string, string[]>> | null = null
  private readonly pending = new Set<string>()

  constructor(private readonly host: LedgerHost) {}

  /**
   * The ids this request was recorded with, or null after claiming it for the caller, who must
   * `settle` it. A request still being recorded (a second connection with the same id) is refused.
   */
  async claim(request: string): Promise<string[] | null> {
    const recorded = await this.load()
    const ids = recorded.get(request)
    if (ids !== undefined) return ids
    if (this.pending.has(request)) throw new OutpostError('E_CONFLICT', `request ${request} is being recorded now: wait for its answer`)
    this.pending.add(request)
    return null
  }

  /** The claimed request is in the log with these ids, or (null) certainly not. */
  async settle(request: string, ids: string[] | null): Promise<void> {
    this.pending.delete(request)
    if (ids === null) return
    const recorded = await this.load()
    recorded.set(request, ids)
    // keep about the window's worth: Maps iterate in insertion order, oldest first
    for (const key of recorded.keys()) {
      if (recorded.size <= REQUEST_WINDOW_BLOCKS) break
      recorded.delete(key)
    }
  }

  private load(): Promise<Map<string, string[]>> {
    // a failed read is tried again by the next request, not remembered
    this.recorded ??= this.readWindow().catch((err: unknown) => {
      this.recorded = null
      throw err
    })
    return this.recorded
  }

  private async readWindow(): Promise<Map<string, string[]>> {
    const recorded = new Map<string, string[]>()
    // Autobase's own session of this node's log: blocks come back decrypted and decoded as
    // oplog messages, with our JSON block in node.value (null for an Autobase ack)
    const local = this.host.base.local
    const length = local.length
    const start = Math.max(0, length - REQUEST_WINDOW_BLOCKS)
    // all gets at once (measured: 0.2 s for 1000, against 0.5 to 1 s one after another)
    const messages = await Promise.all(
      Array.from({ length: length - start }, (_, i) => local.get(start + i) as Promise<{ node?: { value?: Uint8Array | null } } | null>),
    )
    for (const message of messages) {
      const value = message?.node?.value
      if (value === undefined || value === null) continue
      const block = JSON.parse(Buffer.from(value).toString('utf8')) as { request?: unknown; ops?: unknown } | null
      if (typeof block?.request === 'string' && Array.isArray(block.ops)) {
        recorded.set(
          block.request,
          block.ops.map((op) => String((op as { id?: unknown }).id)),
        )
      }
    }
    return recorded
  }
}
