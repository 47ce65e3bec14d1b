import type Autobase from 'autobase'
import type Corestore from 'corestore'
import type Hyperbee from 'hyperbee'
import type Hypercore from 'hypercore'
import type { CatchUp, PeerRecord, WriterRecord } from '../protocol/index.js'

/**
 * How far this node is from holding and folding all the site's work, in log blocks (one block
 * per submit: one person's change of one or more operations). A node back after a long absence
 * fetches the blocks its peers have (`fetch`, what the peers say they hold beyond ours) and folds
 * them (`folded` of `total`); the TUI's status bar and `outpost status` show it as progress
 * instead of a stale view without a word (issue #21).
 */
export class CatchUpGauge {
  /** One session per writer's core, kept: a status every few seconds must not open cores anew. */
  private readonly cores = new Map<string, Hypercore>()
  /** The last length read per writer (hex key), for a read that meets the system view swapped. */
  private readonly lastFolded = new Map<string, number>()

  constructor(
    private readonly store: Corestore,
    private readonly base: Autobase<Hyperbee>,
  ) {}

  async measure(writers: readonly WriterRecord[], peers: readonly PeerRecord[]): Promise<CatchUp> {
    const fetch = peers.reduce((sum, p) => sum + p.behind, 0)
    let folded = 0
    let held = 0
    for (const w of writers) {
      if (w.removed) continue
      const applied = await this.folded(Buffer.from(w.key, 'hex'))
      const have = await this.held(w.key)
      folded += applied
      held += Math.max(have, applied)
    }
    return { fetch, folded, total: held + fetch }
  }

  /**
   * How many blocks of a writer's log the fold has linearized (0 for none, or a closed base).
   * The system view is a snapshot Autobase closes and replaces as it folds: a read can meet the
   * old one closing (SESSION_CLOSED; seen as `system.status` failing with an internal error on a
   * node catching up), and that read answers with the last length known, which a status shows for
   * a moment and the next one corrects.
   */
  async folded(key: Buffer): Promise<number> {
    const hex = key.toString('hex')
    const system = this.base.system
    if (this.base.closed || system === null) return 0
    try {
      const length = (await system.get(key))?.length ?? 0
      this.lastFolded.set(hex, length)
      return length
    } catch (err) {
      if ((err as { code?: string }).code !== 'SESSION_CLOSED') throw err
      return this.lastFolded.get(hex) ?? 0
    }
  }

  private async held(key: string): Promise<number> {
    let core = this.cores.get(key)
    if (core === undefined) {
      core = this.store.get({ key: Buffer.from(key, 'hex') })
      await core.ready()
      this.cores.set(key, core)
    }
    return core.length
  }

  async close(): Promise<void> {
    await Promise.all([...this.cores.values()].map((c) => c.close()))
    this.cores.clear()
  }
}
