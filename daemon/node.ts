import { dirname, join } from 'node:path'
import Autobase from 'autobase'
import { CatchUpGauge } from './catch-up.js'
import type Corestore from 'corestore'
import { openCorestore } from './storage.js'
import { AttachmentStore } from './attachments-store.js'
import { attachmentsCoreName, swarmKeyName } from './identity.js'
import { memoryBounds, type MemoryBounds } from './memory.js'
import { DurableStore } from './durable.js'
import { emptyStatus, readStatus } from './node-status.js'
import type Hyperbee from 'hyperbee'
import { openViewBee } from './view/view-bee.js'
import { randomBytes } from 'node:crypto'
import { EventEmitter } from 'node:events'
import {
  LOG_BLOCK_VERSION,
  OPERATIONS,
  OutpostError,
  canonicalOperationType,
  isOperationType,
  type Envelope,
  type Hlc,
  type LogBlock,
  type OperationDraft,
  removalLine,
  type Source,
  type Removal,
  type Status,
  type WriterRecord,
} from '../protocol/index.js'
import { HlcClock } from './clock.js'
import { keyInStoreGuard, removeStoredKey } from './site-key.js'
import { createApply } from './fold/apply.js'
import { dryRun } from './fold/dry-run.js'
import type { Logger } from './logger.js'
import { readRemovalFile, removedWriters, writeRemovalFile } from './removal.js'
import { openReaders, type Readers } from './view/readers.js'
import { typeLabel } from './metrics.js'
import { DEFAULT_RESERVE_MB, DiskSpace } from './disk-space.js'
import { RequestLedger } from './requests.js'
import { StatusBoard } from './status-board.js'
import { BackupSnapshots } from './backup/snapshots.js'
import { AppendOutcomeUnknown, submitDrafts, type SubmitOptions, type Submitted } from './submit.js'

export { AppendOutcomeUnknown }

export interface NodeOptions {
  /** Where Corestore keeps the logs and the view. */
  storageDir: string
  /** The site key to join; null creates a new site with this node as its founder. */
  site: Buffer | null
  /** The site's key for encryption at rest; null stores the logs in the clear. */
  encryptionKey?: Buffer | null
  /** Sync the log to stable storage before an append resolves (default true; see DurableStore). */
  syncWrites?: boolean
  /** Where to keep a peer's word that this node was removed (removed.json); none: memory only. */
  removalFile?: string
  /** Free space to keep on the store's file system; appends that would eat into it are refused. */
  reserveBytes?: number
  /** Caches and buffers of the store (daemon/memory.ts); the default is the process's bounds. */
  memory?: MemoryBounds
  /** This node's source role for the field-level merge (config `source`; default terminal). */
  source?: Source
  /** The wall clock (ms): operations' stamps and the screens' heartbeats read it. Tests move it; default Date.now. */
  now?: () => number
  /** This node's identity (site.json), set only on a node restored as a new writer (daemon/identity.ts). */
  identity?: string | null
  logger: Logger
}

export interface KeyPair {
  publicKey: Buffer
  secretKey: Buffer
}

/** Who appends: a signed-in person's id, or '@system' for the node itself (genesis only). */
export type Author = string

/**
 * One Outpost node: its writer log, the site's Autobase, and the folded view.
 * Emits `update` after every fold, and `halted` when the fold stops at an operation it cannot read.
 */
export class OutpostNode extends EventEmitter {
  /** The wall clock (NodeOptions.now): a test moves it past a 5-minute limit without waiting 5 minutes. */
  readonly now: () => number
  readonly clock: HlcClock
  readonly store: Corestore
  /** Catch-up progress for the status (daemon/catch-up.ts). */
  private readonly gauge: CatchUpGauge
  /** Syncs the log to stable storage before a write is acknowledged. */
  readonly durable: DurableStore
  readonly base: Autobase<Hyperbee>
  /** The folded view's readers, one per capability (view/readers.ts). */
  readonly read: Readers
  halted: string | null = null
  /** A peer told this node it was removed from the site (see `removal`). */
  localRemoval: Removal | null = null
  /**
   * Set when the store failed under the node. Autobase closes itself on any error in its update
   * loop (seen: ENOSPC from RocksDB), after which every read fails too: the daemon cannot go on,
   * and exits on the `failed` event so its service manager restarts it.
   */
  failed: string | null = null
  /** Set once close() starts: a write under way then ends without a store failure (see append). */
  private closing = false
  readonly disk: DiskSpace
  /** Client request ids of recent blocks, so a retried write is not appended twice. */
  readonly requests: RequestLedger
  readonly encryptionKey: Buffer | null
  private readonly removalFile: string | null
  /** Where the services (mesh, printing) report their state for `system.status`; they never write into the node. */
  readonly board = new StatusBoard()
  /** Operations judged by the fold since start, by "type outcome" (for daemon/metrics.ts). */
  readonly folds = new Map<string, number>()
  /** Attachments' bytes, content-addressed in a core of this node's own (daemon/attachments-store.ts). */
  readonly attachments: AttachmentStore
  /** Backups under way: a snapshot of the store each (daemon/backup/snapshots.ts). */
  readonly backups = new BackupSnapshots(this)
  private keyPair: KeyPair | null = null
  private lastStatus: Status | null = null
  private readonly logger: Logger
  /** This node's source role, which its edits carry for the field-level merge. */
  readonly source: Source
  /** Where an attachment opened without a path is written (the data dir's opened/: the one place a service may write). */
  readonly openedDir: string
  private readonly syncWrites: boolean
  /** The most view writes one group of operations may make (MemoryBounds' groupWrites; 0: no limit). */
  readonly groupWrites: number
  /** Appends under way, until synced: what `settled()` waits for. */
  private readonly unsettled = new Set<Promise<void>>()
  private readonly site: Buffer | null
  /** This node's identity (daemon/identity.ts), null unless it was restored as a new writer. */
  readonly identity: string | null

  constructor(opts: NodeOptions) {
    super()
    this.now = opts.now ?? Date.now
    this.clock = new HlcClock(this.now)
    this.logger = opts.logger
    this.source = opts.source ?? 'terminal'
    this.openedDir = join(dirname(opts.storageDir), 'opened')
    this.syncWrites = opts.syncWrites ?? true
    this.site = opts.site
    this.store = openCorestore(opts.storageDir, opts.memory)
    const bounds = opts.memory ?? memoryBounds()
    this.groupWrites = bounds.groupWrites
    this.durable = DurableStore.of(this.store)
    this.encryptionKey = opts.encryptionKey ?? null
    this.identity = opts.identity ?? null
    this.attachments = new AttachmentStore(this.store, this.encryptionKey, attachmentsCoreName(this.identity))
    this.removalFile = opts.removalFile ?? null
    this.disk = new DiskSpace(opts.storageDir, opts.reserveBytes ?? DEFAULT_RESERVE_MB * 1024 * 1024)
    this.base = new Autobase<Hyperbee>(this.store, opts.site, {
      valueEncoding: 'json',
      // Fast-forward lets a node that is behind adopt the view of the others, fetching only the
      // parts it reads: its view is then sparse, and with no peer reachable a read of a missing
      // block waits forever (seen: a restarted node hung on its first read). A local-first node
      // folds every operation itself, so its whole view is always on its own disk.
      fastForward: false,
      // A node catching up holds every write of an update in one atomic batch until the update
      // ends (about 1 KB of memory each): the autobase patch cuts how many remote operations an
      // update takes so that it writes about this many (docs/benchmarks.md, Memory).
      applyWriteBudget: bounds.applyWrites,
      ...(this.encryptionKey === null ? {} : { encryptionKey: this.encryptionKey }),
      // the store keeps a check of the key, never the key (see daemon/site-key.ts)
      blindEncryption: keyInStoreGuard(this.encryptionKey),
      open: openViewBee,
      apply: createApply({
        observe: (hlc) => this.clock.observe(hlc),
        halted: (reason) => this.halt(reason),
        repeated: (from, block) => this.logger.warn({ from, block }, 'a log block folded already was handed over again: skipped'),
        folded: (type, outcome) => {
          const key = `${typeLabel(type)} ${outcome}`
          this.folds.set(key, (this.folds.get(key) ?? 0) + 1)
        },
      }),
    })
    this.gauge = new CatchUpGauge(this.store, this.base)

    this.base.on('update', () => this.emit('update'))
    // Autobase emits 'error' only after closing itself (index.js _onError): always fatal
    this.base.on('error', (err: Error) => this.fail(err))
    this.requests = new RequestLedger(this)
    this.read = openReaders(this.base.view)
  }

  /** This node's key pair on the network, derived from its store: stable across restarts. */
  get swarmKeyPair(): KeyPair {
    if (this.keyPair === null) throw new Error('the node is not open')
    return this.keyPair
  }

  async open(): Promise<void> {
    this.keyPair = await this.store.createKeyPair(swarmKeyName(this.identity))
    await removeStoredKey(this.store, this.site, this.encryptionKey, this.logger)
    await this.base.ready()
    await this.durable.settle()
    if (this.removalFile !== null) this.localRemoval = await readRemovalFile(this.removalFile)
    const last = await this.read.system.lastAudit()
    if (last !== null) this.clock.observe(last.hlc)
  }

  get nodeKey(): string {
    return this.base.local.key.toString('hex')
  }

  get siteKey(): string {
    return this.base.key.toString('hex')
  }

  /** Stamp drafts into envelopes: id, version, node, person and clock. */
  stamp(drafts: readonly OperationDraft[], author: Author): Envelope[] {
    return drafts.map((draft) => {
      // a client that still says an old name (before protocol v2) gets it written under the new one
      const type = canonicalOperationType(draft.type)
      if (!isOperationType(type)) throw new OutpostError('E_INVALID_PARAMS', `unknown operation type ${draft.type}`)
      const hlc = this.clock.tick()
      return {
        id: operationId(hlc),
        type,
        v: OPERATIONS[type].v,
        node: this.nodeKey,
        person: author,
        hlc,
        payload: draft.payload,
      }
    })
  }

  /**
   * The one way into the log for every writer (the socket, imports, founding, printing, pairing):
   * check the drafts against the operation table and the author's role, stamp them, let the
   * fold's rules judge them against the current view, and append them as one block. Resolves once
   * they are durably in the local log and folded (see daemon/submit.ts).
   */
  submit(drafts: OperationDraft[], author: Author, opts: SubmitOptions = {}): Promise<Submitted> {
    return submitDrafts(this, drafts, author, opts)
  }

  /**
   * Whether this node was removed from the site: its own view says so, or a peer told it. A
   * removed node's later blocks are never accepted (Autobase does not even hand them to the fold).
   */
  async removal(writers?: WriterRecord[]): Promise<Removal | null> {
    const removed = await removedWriters(this.read, this.nodeKey, this.localRemoval, writers)
    return removed.find((r) => r.key === this.nodeKey)?.removal ?? null
  }

  /** A peer of the site said this node was removed: keep it (removed.json), and refuse writes from now on. */
  async recordRemoval(removal: Removal): Promise<void> {
    if (this.localRemoval !== null) return
    if (this.removalFile !== null) await writeRemovalFile(this.removalFile, removal)
    this.localRemoval = removal
    this.logger.warn({ removal }, removalLine(removal))
    this.emit('update')
  }

  /** Writes stop here once the node knows it was removed: what it appended would never be accepted. */
  private async refuseIfRemoved(): Promise<void> {
    if (this.localRemoval === null && this.base.writable) return // the common case reads nothing
    const removal = await this.removal()
    if (removal !== null) throw new OutpostError('E_NODE_REMOVED', `${removalLine(removal)}; it can no longer write`)
  }

  /** Refuse, with the fold's own reason, a group that the fold would reject now. */
  async check(ops: Envelope[]): Promise<void> {
    await this.refuseIfRemoved()
    const refusal = await dryRun(this.base.view, ops, this.nodeKey, () => this.base.local.length, this.groupWrites)
    if (refusal !== null) throw new OutpostError(refusal.kind === 'forbidden' ? 'E_FORBIDDEN' : 'E_CONFLICT', refusal.reason)
  }

  /**
   * Append a group of operations as one block of this node's log. Resolves once the block is in
   * the local log (and folded): only then is a client told it is done.
   *
   * Every refusal here comes before anything is written. A full disk is one of them: Autobase
   * appends the block and writes the fold's view in one RocksDB batch, and on ENOSPC RocksDB may
   * keep the batch in its write-ahead log (replayed on restart) while reporting it failed, and
   * Autobase then closes for good. So the free space is checked first, and an error from inside
   * the append is never reported as a failure (AppendOutcomeUnknown).
   */
  async append(ops: Envelope[], request?: string): Promise<string[]> {
    if (this.failed !== null) throw new OutpostError('E_STORAGE_FAILED', this.failed)
    if (this.halted !== null) throw new OutpostError('E_HALTED', this.halted)
    await this.refuseIfRemoved()
    if (!this.base.writable) throw new OutpostError('E_NOT_WRITABLE', 'this node is not a writer of the site')
    const block: LogBlock = request === undefined ? { block: LOG_BLOCK_VERSION, ops } : { block: LOG_BLOCK_VERSION, ops, request }
    // A block is at most about 1 MB (the socket's frame limit, the import's block size): the
    // reserve covers it, so the block is not measured here (the import measures its total itself)
    await this.disk.assertRoom()
    // registered before the fold runs (inside base.append): the outbox, woken by that fold, waits on it
    let settle = () => {}
    const written = new Promise<void>((resolve) => (settle = resolve))
    this.unsettled.add(written)
    try {
      await this.base.append(block)
      // "acknowledged" means on stable storage: a power cut right after the answer loses nothing.
      // A failed sync leaves the block in the log but maybe not on disk, and a retried fsync
      // cannot be trusted to have written it: an outcome unknown as well.
      if (this.syncWrites) await this.durable.sync()
    } catch (err) {
      // A fold that halted meanwhile (an operation this version cannot read) stops Autobase as
      // well, but the node stays up to say so; a node being closed ends the writes under way
      // ("Autobase is closing"): either way only this write's outcome is unknown. Anything else is
      // the store failing; the base's own error says why ("Autobase is closing" does not).
      const cause: unknown = this.base.getLastError() ?? null
      if (this.halted === null && (cause !== null || !this.closing)) this.fail(cause ?? err)
      throw new AppendOutcomeUnknown(this.failed ?? this.halted ?? (this.closing ? 'the node closed during the write' : String(err)))
    } finally {
      this.unsettled.delete(written)
      settle()
    }
    return ops.map((op) => op.id)
  }

  /**
   * This node's writes folded so far are on stable storage: it waits for the appends under way
   * (each synced by its own group commit, no sync of its own). The outbox waits on it before
   * sending, so a receiver never gets an event that a power cut could take back out of the log.
   * Other nodes' operations need no wait: they are on their authors' disks, and come again.
   */
  async settled(): Promise<void> {
    await Promise.all([...this.unsettled])
  }

  /**
   * Blocks of this node's own log that the fold has not taken in yet: the local log's length
   * against how much of it the (unsigned) system has linearized. 0 means the view has everything
   * this node wrote, which is what readiness waits for after a restart.
   */
  async foldLag(): Promise<number> {
    return Math.max(0, this.base.local.length - (await this.gauge.folded(this.base.local.key)))
  }

  async status(): Promise<Status> {
    // A halted base is closed: report what was last known, with the reason, so a person sees why.
    if (this.halted !== null) return { ...(this.lastStatus ?? emptyStatus(this)), halted: this.halted }
    this.lastStatus = await readStatus(this, this.gauge)
    return this.lastStatus
  }

  private fail(err: unknown): void {
    if (this.failed !== null) return
    this.failed = `the store failed (${withCauses(err)}): the daemon stops`
    this.logger.error({ err }, 'store failed')
    this.emit('failed', this.failed)
  }

  private halt(reason: string): void {
    this.halted = `the log holds an operation this version cannot read (${reason}): upgrade Outpost`
    this.logger.error({ reason }, 'fold halted')
    this.emit('halted', this.halted)
  }

  async close(): Promise<void> {
    this.closing = true
    await this.backups.close()
    await this.gauge.close()
    await this.attachments.close()
    await this.base.close()
    await this.durable.close()
    await this.store.close()
  }
}

/**
 * Operation ids sort by time (clock first, then 4 random bytes), so records keyed by them are
 * inserted near the end of the view's key space, which Hyperbee does cheaply.
 */
export function operationId(hlc: Hlc): string {
  return hlc.t.toString(36).padStart(9, '0') + hlc.c.toString(36).padStart(4, '0') + '-' + randomBytes(4).toString('hex')
}

/** An error's message with its causes: RocksDB's "Batch was not applied" says why only in its cause. */
function withCauses(err: unknown): string {
  const parts: string[] = []
  for (let e: unknown = err; e !== undefined && e !== null && parts.length < 4; e = (e as { cause?: unknown }).cause) {
    parts.push(e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e))
  }
  return parts.join(': ')
}
