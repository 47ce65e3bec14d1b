import type { Logger } from '../logger.js'
import type { OutpostNode } from '../node.js'
import type { WebhooksConfig } from './config.js'
import { deliver, jittered, type Message } from './delivery.js'
import { messagesFor } from './messages.js'
import type { OutboxStore, StoredDead, StoredEndpoint } from './store.js'

/** Events read from the view at a time. */
const BATCH = 100

/**
 * One endpoint's sending loop. Events go out one at a time in fold order: the next waits until
 * this one is acknowledged or, after the last try of the schedule, in the dead letters. The
 * cursor (the last event through) is written after each, so a restart resumes after it; a crash
 * between the receiver's 2xx and that write sends that one event again, with the same webhook-id.
 */
export class EndpointWorker {
  private stopped = false
  /** Poked since the loop last looked: look again before waiting. */
  private dirty = false
  private wake: (() => void) | null = null
  private running: Promise<void> | null = null

  constructor(
    readonly endpoint: StoredEndpoint,
    private readonly node: OutpostNode,
    private readonly store: OutboxStore,
    private readonly config: Readonly<WebhooksConfig>,
    private readonly isSender: () => Promise<boolean>,
    private readonly changed: () => void,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.running ??= this.run().catch((err: unknown) => {
      this.logger.error({ err, endpoint: this.endpoint.id }, 'webhook endpoint stopped')
    })
  }

  /** Something changed (a fold, a retry asked for): look again now. */
  poke(): void {
    this.dirty = true
    this.wake?.()
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.wake?.()
    await this.running
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.dirty = false
      const worked = this.node.halted === null && this.endpoint.disabled === null && (await this.isSender()) && (await this.step())
      if (!worked && !this.dirty) await this.pause(Infinity)
    }
  }

  /** Send what is due: dead letters queued for a retry first, then the next events. False: nothing to do. */
  private async step(): Promise<boolean> {
    const queued = this.store.dead.find((d) => d.endpoint === this.endpoint.id && d.queued)
    if (queued !== undefined) {
      // the letter stays in the list (in the file) until it is through: a restart meanwhile
      // (or another endpoint's save) must not lose it
      const message: Message = { id: queued.id, type: queued.type, seq: queued.seq, body: queued.body }
      const sent = await this.send(message, queued)
      if (sent === 'ok') this.store.dead.splice(this.store.dead.indexOf(queued), 1)
      if (sent !== 'stopped') await this.store.save()
      this.changed()
      return true
    }
    const events = await this.node.read.events.events(this.endpoint.cursor, BATCH)
    if (events.length === 0) return false
    // the operations behind these events are on disk before anyone outside hears of them
    await this.node.settled()
    for (const event of events) {
      if (this.stopped || this.endpoint.disabled !== null) return true
      for (const message of await messagesFor(this.node.read, this.endpoint, event, this.config.lowStock)) {
        if ((await this.send(message)) === 'stopped') return true
      }
      this.endpoint.cursor = event.seq
      await this.store.save()
      this.changed()
    }
    return true
  }

  /**
   * Try one message on the schedule until it is through, dead, or the endpoint stops. Each failed
   * try is written down (endpoint.retry) before the wait, so after a restart the message goes on
   * at the try it was at, at the time it was due. `letter`: a dead letter sent again (it is
   * updated in place if it dies again).
   */
  private async send(message: Message, letter?: StoredDead): Promise<'ok' | 'dead' | 'stopped'> {
    const schedule = this.config.retryMs
    const kept = this.endpoint.retry?.event === message.id ? this.endpoint.retry : null
    // a schedule made shorter since: the next try is its last
    let attempt = kept === null ? 0 : Math.min(kept.attempt, schedule.length - 1)
    // the due time itself is kept, not a wait: a wait turned back into a time drifts by the
    // milliseconds between two clock reads, and the restart would move the due time
    let due = kept === null ? Date.now() + (schedule[0] ?? 0) : kept.nextAt
    let last = kept?.last ?? ''
    for (; attempt < schedule.length; attempt++) {
      if (attempt > 0) {
        this.endpoint.retry = { event: message.id, attempt, nextAt: due, last }
        await this.store.save()
        this.changed()
      }
      await this.pause(Math.max(0, due - Date.now()), { untilStopped: true })
      if (this.stopped) return 'stopped'
      const secrets = this.currentSecrets()
      const outcome = await deliver(this.endpoint.url, secrets, message, this.config.timeoutMs)
      if (outcome.kind === 'ok') {
        // written with the cursor (or the dead letters) by the caller
        this.endpoint.retry = null
        return 'ok'
      }
      if (outcome.kind === 'gone') {
        this.endpoint.retry = null
        this.endpoint.disabled = `the receiver answered 410 Gone for ${message.id}`
        this.logger.warn({ endpoint: this.endpoint.id, webhook: message.id }, 'webhook endpoint disabled: 410 Gone')
        await this.store.save()
        this.changed()
        return 'stopped'
      }
      last = outcome.reason
      this.logger.debug({ endpoint: this.endpoint.id, webhook: message.id, attempt, reason: last }, 'webhook delivery failed')
      due = Date.now() + (outcome.retryAfterMs ?? jittered(schedule[attempt + 1] ?? 0))
    }
    this.endpoint.retry = null
    if (letter !== undefined) {
      Object.assign(letter, { attempts: schedule.length, last, at: Date.now(), queued: false })
    } else {
      this.store.addDead({
        id: message.id,
        endpoint: this.endpoint.id,
        type: message.type as StoredDead['type'],
        seq: message.seq,
        attempts: schedule.length,
        last,
        at: Date.now(),
        body: message.body,
        queued: false,
      })
    }
    this.logger.warn({ endpoint: this.endpoint.id, webhook: message.id, last }, 'webhook delivery dead-lettered')
    return 'dead'
  }

  /** The secrets that sign now: the new one, and the old one until its rotation overlap ends. */
  private currentSecrets(): string[] {
    const now = Date.now()
    return this.endpoint.secrets.filter((s) => s.until === null || s.until > now).map((s) => s.secret)
  }

  /** Wait `ms`, or until poked (a retry's wait ends only on stop). */
  private pause(ms: number, opts: { untilStopped?: boolean } = {}): Promise<void> {
    if (ms <= 0 || this.stopped) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : null
      const poked = () => {
        if (opts.untilStopped !== true || this.stopped) done()
      }
      function done() {
        if (timer !== null) clearTimeout(timer)
        resolve()
      }
      this.wake = poked
    })
  }
}
