import { randomBytes, randomUUID } from 'node:crypto'
import { EventEmitter } from 'node:events'
import type Hyperswarm from 'hyperswarm'
import {
  OutpostError,
  PairRequest,
  PairRecorded,
  PairConfirms,
  formatPairingCode,
  type PairReply,
  type PairingRequestRecord,
} from '../../protocol/index.js'
import type { Logger } from '../logger.js'
import type { OutpostNode } from '../node.js'
import { LineWire, pairingProof, pairingTopic, proofMatches } from './pairing-wire.js'

const WRONG_CODES_PER_MINUTE = 5
const BASE_LOCK_MS = 60_000
const REQUEST_TIMEOUT_MS = 10_000
/**
 * How long an accept waits for the joining node to say it recorded the site. Seen (issue #17): a
 * `pair join` stopped while it waited left its request on the inviting node (a dead UDP peer
 * closes nothing for ~20 s); accepted, it made a writer that never came.
 */
export const CONFIRM_MS = 10_000

interface LiveCode {
  code: string
  expiresAt: number
  used: boolean
}

interface Pending {
  record: PairingRequestRecord
  swarmKey: string
  wire: LineWire
  /** It said pair.confirms: a joining node of this version, which says pair.recorded. */
  confirms: boolean
  /** Set while it is being accepted: told whether it said pair.recorded. */
  recorded: ((said: boolean) => void) | null
}

export interface PairingHostOptions {
  node: OutpostNode
  swarm: Hyperswarm
  logger: Logger
  codeTtlMs: number
  /** What the new node is told of the site when it is accepted. */
  siteInfo: () => Promise<{ siteName: string; encryptionKey: string | null }>
  now?: () => number
}

/**
 * The inviting side of pairing. A code is valid for a few minutes and for one join. A candidate
 * proves it has the code; only then does a person see "NAME wants to join — Accept / Deny". Wrong
 * codes are limited to five a minute, then everything is refused unchecked for a minute, doubling.
 * Emits `requested` (PairingRequestRecord) and `settled` ({ id, outcome }).
 */
export class PairingHost extends EventEmitter {
  private readonly codes: LiveCode[] = []
  private readonly pending = new Map<string, Pending>()
  private wrong: number[] = []
  private lockedUntil = 0
  private locks = 0
  private announcing: { topic: Buffer; timer: NodeJS.Timeout }[] = []
  private readonly now: () => number

  constructor(private readonly opts: PairingHostOptions) {
    super()
    this.now = opts.now ?? Date.now
  }

  /** Whether a stranger's connection may be heard at all: only while a code is live. */
  accepts(): boolean {
    return this.codes.some((c) => !c.used && c.expiresAt > this.now())
  }

  createCode(): { code: string; expiresAt: number } {
    const code = formatPairingCode(randomBytes(5))
    const expiresAt = this.now() + this.opts.codeTtlMs
    this.codes.push({ code, expiresAt, used: false })
    this.announce(code, expiresAt)
    return { code, expiresAt }
  }

  /** Announce the code's topic, refreshing every second: a new node finds us within a second or two. */
  private announce(code: string, expiresAt: number): void {
    const topic = pairingTopic(code)
    const discovery = this.opts.swarm.join(topic, { server: true, client: false })
    const timer = setInterval(() => {
      if (this.now() > expiresAt || this.codes.find((c) => c.code === code)?.used === true) {
        this.stopAnnouncing(topic)
        return
      }
      discovery.refresh().catch((err: unknown) => this.opts.logger.debug({ err }, 'pairing announce refresh failed'))
    }, 1000)
    this.announcing.push({ topic, timer })
  }

  private stopAnnouncing(topic: Buffer): void {
    const entry = this.announcing.find((a) => a.topic.equals(topic))
    if (entry === undefined) return
    clearInterval(entry.timer)
    this.announcing = this.announcing.filter((a) => a !== entry)
    this.opts.swarm.leave(topic).catch((err: unknown) => this.opts.logger.debug({ err }, 'leaving pairing topic failed'))
  }

  requests(): PairingRequestRecord[] {
    return [...this.pending.values()].map((p) => p.record)
  }

  /** Hear one stranger's pairing request. Nothing of the site flows on this connection. */
  async handle(conn: Hyperswarm.Connection): Promise<void> {
    const wire = new LineWire(conn)
    const reply = (message: PairReply) => wire.send(message)
    let raw: unknown
    try {
      raw = await wire.next(REQUEST_TIMEOUT_MS)
    } catch {
      conn.destroy()
      return
    }
    const request = PairRequest.safeParse(raw)
    let refusal = request.success ? this.judge(request.data, conn.remotePublicKey) : 'not a pairing request'
    const replaces = refusal === null && request.success ? await this.replaced(request.data) : null
    if (typeof replaces === 'string') refusal = replaces
    if (refusal !== null || !request.success) {
      this.opts.logger.info({ reason: refusal }, 'pairing request refused')
      reply({ type: 'pair.refused', reason: refusal ?? 'not a pairing request' })
      wire.close()
      return
    }
    const id = randomUUID().slice(0, 8)
    const record: PairingRequestRecord = {
      id,
      name: request.data.name,
      writerKey: request.data.writerKey,
      address: `${conn.rawStream.remoteHost}:${conn.rawStream.remotePort}`,
      expiresAt: this.now() + this.opts.codeTtlMs,
      replaces: typeof replaces === 'string' ? null : replaces,
    }
    const pending: Pending = { record, swarmKey: request.data.swarmKey, wire, confirms: false, recorded: null }
    this.pending.set(id, pending)
    conn.once('close', () => {
      if (pending.recorded === null && this.pending.delete(id)) this.emit('settled', { id, outcome: 'expired' })
    })
    reply({ type: 'pair.pending', id })
    this.emit('requested', record)
    void this.hear(id, pending, conn)
  }

  /**
   * Read the joining node's lines while its request waits: pair.confirms (this version), then,
   * once it is being accepted, pair.recorded, which goes to the accept. Anything else ends it.
   */
  private async hear(id: string, pending: Pending, conn: Hyperswarm.Connection): Promise<void> {
    for (;;) {
      let message: unknown
      try {
        message = await pending.wire.next(this.opts.codeTtlMs)
      } catch {
        message = null // the link closed (its close drops the request), or the code's time ran out
      }
      if (this.pending.get(id) !== pending) return // denied, or gone
      if (PairConfirms.safeParse(message).success) {
        pending.confirms = true
        continue
      }
      if (pending.recorded !== null) return pending.recorded(PairRecorded.safeParse(message).success)
      if (message === null) return
      this.pending.delete(id)
      this.opts.logger.info({ request: id }, 'join request dropped: the joining node sent something that is not a pairing message')
      this.emit('settled', { id, outcome: 'expired' })
      conn.destroy()
      return
    }
  }

  /** The checks, in order; returns why the request is refused, or null. */
  private judge(request: PairRequest, remoteKey: Buffer): string | null {
    const now = this.now()
    if (now < this.lockedUntil) return `too many wrong pairing codes: try again in ${Math.ceil((this.lockedUntil - now) / 1000)} s`
    if (request.swarmKey !== remoteKey.toString('hex')) return 'the request does not come from the key it names'
    const hostKey = this.opts.swarm.keyPair.publicKey
    const match = this.codes.find((c) => proofMatches(request.proof, pairingProof(c.code, hostKey, request.writerKey, request.swarmKey)))
    if (match === undefined) {
      this.wrong = [...this.wrong.filter((t) => t > now - 60_000), now]
      if (this.wrong.length >= WRONG_CODES_PER_MINUTE) {
        this.lockedUntil = now + BASE_LOCK_MS * 2 ** this.locks++
        this.wrong = []
      }
      return 'wrong pairing code'
    }
    if (match.used) return 'this pairing code was used already: make a new one'
    if (match.expiresAt <= now) return 'this pairing code expired: make a new one'
    match.used = true
    this.stopAnnouncing(pairingTopic(match.code))
    return null
  }

  /**
   * A node restored from a backup as a new writer names the node it replaces: the node of that
   * backup, which accepting removes. Returns it, or why the request is refused: the replaced node
   * must be a node of this site (else the backup is of another site), other than this one (a
   * backup of a running node), and removable (not the founder: daemon/backup/new-writer.ts).
   */
  private async replaced(request: PairRequest): Promise<{ key: string; name: string } | string | null> {
    if (request.replaces === undefined) return null
    const writer = (await this.opts.node.read.mesh.writers()).find((w) => w.key === request.replaces)
    if (writer === undefined) return 'the node this one was restored from is not a node of this site (a backup of another site?)'
    if (writer.key === this.opts.node.nodeKey)
      return `this one was restored from a backup of ${writer.name}, the node it asks to join, which is running: it cannot replace itself`
    if (writer.key === this.opts.node.siteKey) return `${writer.name} is the site's founder, its only indexer: restore it as the same node`
    return { key: writer.key, name: writer.name }
  }

  /**
   * A person said yes: add the node as a writer (removing the node it replaces), and tell it which
   * site it joined. A joining node of this version is told first and added once it says it
   * recorded the site, so a join that stopped in that moment (seen frozen, then killed) leaves no
   * writer that never comes: it runs `pair join` again. An older one is added first, as it expects.
   */
  async accept(id: string, person: string): Promise<string> {
    const pending = this.waiting(id)
    const answer: PairReply = { type: 'pair.accepted', site: this.opts.node.siteKey, ...(await this.opts.siteInfo()) }
    try {
      if (pending.confirms) {
        const recorded = new Promise<boolean>((resolve) => (pending.recorded = resolve))
        const timer = setTimeout(() => pending.recorded?.(false), CONFIRM_MS)
        pending.wire.send(answer)
        const said = await recorded
        clearTimeout(timer)
        if (!said) {
          this.emit('settled', { id, outcome: 'expired' })
          throw new OutpostError(
            'E_NOT_FOUND',
            `${pending.record.name} did not confirm it took the site's answer (its join stopped or its link broke): it was not added; run pair join there again`,
          )
        }
        await this.add(pending, person)
      } else {
        await this.add(pending, person)
        pending.wire.send(answer)
      }
    } finally {
      this.pending.delete(id)
      pending.wire.close()
    }
    this.emit('settled', { id, outcome: 'accepted' })
    return pending.record.writerKey
  }

  private async add(pending: Pending, person: string): Promise<void> {
    const { replaces, writerKey, name } = pending.record
    const removed = replaces == null ? null : (await this.opts.node.read.mesh.writers()).find((w) => w.key === replaces.key)?.removed
    // one block: the new writer is never in the site beside the node it replaces
    await this.opts.node.submit(
      [
        { type: 'mesh.addNode', payload: { key: writerKey, name, swarmKey: pending.swarmKey } },
        ...(replaces == null || removed === true ? [] : [{ type: 'mesh.removeNode', payload: { key: replaces.key } }]),
      ],
      person,
    )
  }

  deny(id: string): void {
    const pending = this.take(id)
    pending.wire.send({ type: 'pair.refused', reason: 'the site said no' } satisfies PairReply)
    pending.wire.close()
    this.emit('settled', { id, outcome: 'denied' })
  }

  /** The request a person may still say yes or no to. */
  private waiting(id: string): Pending {
    const pending = this.pending.get(id)
    if (pending === undefined)
      throw new OutpostError('E_NOT_FOUND', `no join request ${id} is waiting (it expired, or the joining node stopped waiting)`)
    if (pending.recorded !== null) throw new OutpostError('E_CONFLICT', `join request ${id} is being accepted already`)
    return pending
  }

  private take(id: string): Pending {
    const pending = this.waiting(id)
    this.pending.delete(id)
    return pending
  }

  close(): void {
    for (const a of [...this.announcing]) this.stopAnnouncing(a.topic)
    for (const p of this.pending.values()) p.wire.close()
    this.pending.clear()
  }
}
