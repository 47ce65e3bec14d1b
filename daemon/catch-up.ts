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

  constructor(
    private readonly store: Corestore,
    private readonly base: Autobase<Hyperbee>,
  ) {}

  async measure(writers: readonly WriterRecord[], peers: readonly PeerRecord[]): Promise<CatchUp> {
    const fetch = peers.reduce((sum, p) => sum + p.behind, 0)
    let folded = 0
    let held = 0
    const system = this.base.system
    for (const w of writers) {
      if (w.removed) continue
      const member = system === null || this.base.closed ? null : await system.get(Buffer.from(w.key, 'hex'))
      const applied = member?.length ?? 0
      const have = await this.held(w.key)
      folded += applied
      held += Math.max(have, applied)
    }
    return { fetch, folded, total: held + fetch }
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
