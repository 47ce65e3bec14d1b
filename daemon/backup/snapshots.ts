import { randomBytes } from 'node:crypto'
import { OutpostError, type BackupManifest } from '../../protocol/index.js'
import type { OutpostNode } from '../node.js'
import { VERSIONS } from '../versions.js'

/** Raw bytes of store entries per page: ~350 KB of base64, well under the socket's 1 MiB frame. */
const PAGE_BYTES = 256 * 1024
/** A backup nobody read from for this long is given up, and its snapshot released. */
const IDLE_MS = 60_000
/** Backups under way at once: each holds a snapshot, which keeps RocksDB from dropping old values. */
const MAX_OPEN = 2

type Rocks = OutpostNode['store']['storage']['db']

interface Open {
  snapshot: Rocks
  timer: NodeJS.Timeout
}

/**
 * The backups under way in the daemon. Why a RocksDB snapshot of the store, read out entry by
 * entry, and not a copy of its files (a RocksDB checkpoint) or a walk of every core:
 *  - one snapshot is one instant for everything the node has on disk, the logs, Autobase's
 *    system and the folded view alike (a fold writes them in one batch), so the restored node
 *    has exactly the view hash the node had at that instant, with no stop and no lock;
 *  - hypercore-storage marks a store with the device and inode it lives on (its CORESTORE
 *    device file) and refuses to open a copy of its files elsewhere; entries written into a
 *    fresh store at the restore make a store that is the restored machine's own;
 *  - a walk of the cores would have to know every kind of core and what Corestore and Autobase
 *    keep beside them (the store's seed, the writer's and swarm's keys): the entries are all of it.
 */
export class BackupSnapshots {
  private readonly open = new Map<string, Open>()

  constructor(private readonly node: OutpostNode) {}

  async begin(peers: unknown): Promise<{ id: string; manifest: BackupManifest }> {
    if (this.open.size >= MAX_OPEN) throw new OutpostError('E_BUSY', `${MAX_OPEN} backups are under way on this node: wait for one to end`)
    const node = this.node
    // The manifest says where the snapshot stands (view hash, own log length). A fold that
    // lands between reading them and taking the snapshot would make them disagree: read them
    // before and after, and take the snapshot again until nothing moved in between. A block of
    // this node's log is on disk before its fold is (two batches): a snapshot between them held
    // a block the manifest's view had not folded, and the restored node's view came out one
    // operation ahead of the manifest (seen once in three CI runs). So the fold must also have
    // taken the whole local log, before and after.
    for (let attempt = 0; ; attempt++) {
      const before = await this.position()
      const snapshot = node.store.storage.db.snapshot()
      const after = await this.position()
      if (before.seq !== after.seq || before.localLength !== after.localLength || before.lag > 0 || after.lag > 0) {
        await snapshot.close()
        if (attempt >= 50) throw new OutpostError('E_BUSY', 'the node folds too fast for a snapshot to be placed: try again')
        // a write under way ends within milliseconds: give it one before looking again
        await new Promise((resolve) => setTimeout(resolve, 2))
        continue
      }
      const id = randomBytes(16).toString('hex')
      this.open.set(id, { snapshot, timer: this.idleTimer(id) })
      const manifest: BackupManifest = {
        format: 1,
        site: node.siteKey,
        node: node.nodeKey,
        encryptionKey: node.encryptionKey?.toString('hex') ?? null,
        identity: node.identity,
        localLength: before.localLength,
        view: { seq: before.seq, hash: before.hash },
        peers,
        createdAt: Date.now(),
        outpost: VERSIONS.outpost,
      }
      return { id, manifest }
    }
  }

  private async position(): Promise<{ seq: number; hash: string; localLength: number; lag: number }> {
    const meta = await this.node.read.system.meta()
    return { seq: meta.seq, hash: meta.hash, localLength: this.node.base.local.length, lag: await this.node.foldLag() }
  }

  private idleTimer(id: string): NodeJS.Timeout {
    const timer = setTimeout(() => void this.end(id), IDLE_MS)
    timer.unref()
    return timer
  }

  private get(id: string): Open {
    const open = this.open.get(id)
    if (open === undefined)
      throw new OutpostError('E_NOT_FOUND', `no backup ${id} under way (it ended, or sat idle for ${IDLE_MS / 1000} s)`)
    return open
  }

  /** The entries after `after` (a key, base64), a page at a time, in key order. */
  async read(id: string, after: string | null): Promise<{ entries: Array<[string, string]>; done: boolean }> {
    const open = this.get(id)
    clearTimeout(open.timer)
    open.timer = this.idleTimer(id)
    const entries: Array<[string, string]> = []
    let bytes = 0
    const range = after === null ? {} : { gt: Buffer.from(after, 'base64') }
    for await (const { key, value } of open.snapshot.iterator(range)) {
      entries.push([key.toString('base64'), value.toString('base64')])
      bytes += key.length + value.length
      if (bytes >= PAGE_BYTES) return { entries, done: false }
    }
    return { entries, done: true }
  }

  async end(id: string): Promise<void> {
    const open = this.open.get(id)
    if (open === undefined) return
    this.open.delete(id)
    clearTimeout(open.timer)
    await open.snapshot.close()
  }

  async close(): Promise<void> {
    for (const id of [...this.open.keys()]) await this.end(id)
  }
}
