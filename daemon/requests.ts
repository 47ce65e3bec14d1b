import Autobase from 'autobase'
import type Corestore from 'corestore'
import { OutpostError } from '../protocol/index.js'

/**
 * How far back a retried request is recognised: this node's last 1000 log blocks. A retry comes
 * seconds or minutes after the daemon dropped the connection (and restarted); a request is one
 * block, so 1000 is far more than a node appends meanwhile. Reading them back once per process
 * (measured: about 0.2 s for 1000 blocks, encrypted) happens on the first request with an id.
 */
export const REQUEST_WINDOW_BLOCKS = 1000

/** What the ledger needs of the node: its store, its Autobase and the site's encryption key. */
export interface LedgerHost {
  readonly store: Corestore
  readonly base: Autobase<unknown>
  readonly encryptionKey: Buffer | null
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
    const { store, base, encryptionKey } = this.host
    const core = store.get({ key: base.local.key })
    try {
      await core.ready()
      for (let index = Math.max(0, core.length - REQUEST_WINDOW_BLOCKS); index < core.length; index++) {
        const raw = (await core.get(index)) as Buffer
        // as daemon/verify.ts reads a log: decrypted with the site key the way Autobase derives it
        const decrypt = encryptionKey === null ? {} : { autobase: base.key, encryptionKey, key: core.key, manifest: core.manifest, index }
        const value = (await Autobase.decodeValue(raw, decrypt)) as Uint8Array | null
        if (value === null) continue // an Autobase ack carries no value
        const block = JSON.parse(Buffer.from(value).toString('utf8')) as unknown
        const request = (block as { request?: unknown } | null)?.request
        const ops = (block as { ops?: unknown } | null)?.ops
        if (typeof request === 'string' && Array.isArray(ops))
          recorded.set(
            request,
            ops.map((op) => String((op as { id?: unknown }).id)),
          )
      }
    } finally {
      await core.close()
    }
    return recorded
  }
}
