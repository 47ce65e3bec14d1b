import { OutpostError } from '../../protocol/index.js'
import type { Logger } from '../logger.js'
import { GuardFile, type GuardEntry, type GuardState } from './guard-file.js'

export interface GuardLimits {
  /** Wrong PINs in a row before a person is locked out. */
  freeAttempts: number
  baseLockMs: number
  maxLockMs: number
  /** PIN checks per second on this node, for everyone together (a token bucket)... */
  checksPerSecond: number
  /** ...and how many may come at once before the rate counts. */
  checksBurst: number
}

export const DEFAULT_GUARD_LIMITS: Readonly<GuardLimits> = Object.freeze({
  freeAttempts: 5,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  // A shift change is a few people a minute per terminal; an attacker trying every id of a
  // site gets 5 checks a second, and 5 per person before that person is locked out.
  checksPerSecond: 5,
  checksBurst: 10,
})

export interface GuardOptions extends Partial<GuardLimits> {
  /** Approvals need a sign-in with badge plus PIN on this node (config signIn.approvalsNeedBadge). */
  approvalsNeedBadge?: boolean
  now?: () => number
}

/** Entries kept at most; the ones not locked and longest idle go first (each is ~60 bytes of file). */
const MAX_ENTRIES = 10_000

/**
 * Slows PIN guessing down. Every attempt for a person is counted (and written to disk) before
 * its PIN is checked, attempts for one person are checked one at a time, and the node checks at
 * most `checksPerSecond` PINs in all. After five wrong PINs in a row a person is locked out for
 * 30 s, doubling with every further miss up to 15 minutes; a right PIN clears the count.
 *
 * seen: 2,000 connections each sending one sign-in at once got 564 PINs checked before the
 * old guard (which counted a failure after the check) saw the fifth miss, and the right PIN in.
 */
export class SignInGuard {
  private readonly people = new Map<string, GuardEntry>()
  /** The tail of each person's queue of attempts: one check at a time per person. */
  private readonly queues = new Map<string, Promise<unknown>>()
  private lockdownUntil = 0
  private tokens: number
  private refilledAt: number
  private writes: Promise<void> = Promise.resolve()

  private readonly limits: GuardLimits
  private readonly now: () => number
  /** The site's choice of two factors for approvals, checked where approvals are made (submit.ts). */
  readonly approvalsNeedBadge: boolean

  private constructor(
    private readonly file: GuardFile | null,
    private readonly logger: Logger | null,
    { approvalsNeedBadge, now, ...limits }: GuardOptions,
  ) {
    this.limits = { ...DEFAULT_GUARD_LIMITS, ...withoutUndefined(limits) }
    this.approvalsNeedBadge = approvalsNeedBadge ?? false
    this.now = now ?? Date.now
    this.tokens = this.limits.checksBurst
    this.refilledAt = this.now()
  }

  /** A guard kept in memory only (tests of other things, the in-process daemon). */
  static inMemory(opts: GuardOptions = {}): SignInGuard {
    return new SignInGuard(null, null, opts)
  }

  /**
   * The guard of a daemon, its state read from `path`. A corrupt or unreadable file fails safe:
   * nobody can sign in on this node for the longest lock-out (15 minutes), since whoever was
   * locked out is locked out for at most that long; the file is set aside and a line logged.
   */
  static async open({ path, logger, ...opts }: GuardOptions & { path: string; logger: Logger }): Promise<SignInGuard> {
    const file = new GuardFile(path)
    const guard = new SignInGuard(file, logger, opts)
    const read = await file.read()
    if (read.kind === 'ok') {
      guard.lockdownUntil = read.state.lockdownUntil
      for (const [id, entry] of Object.entries(read.state.people)) guard.people.set(id, entry)
    } else if (read.kind === 'corrupt') {
      const now = guard.now()
      guard.lockdownUntil = now + guard.limits.maxLockMs
      const aside = await file.setAside(now).catch((err: unknown) => `(not moved: ${String(err)})`)
      logger.error(
        { path, aside, why: read.why, until: new Date(guard.lockdownUntil).toISOString() },
        'sign-in guard state is corrupt: no sign-in on this node for 15 minutes rather than forgive wrong PINs',
      )
      await guard.save()
    }
    return guard
  }

  /**
   * Run one PIN check for `person` under the guard. Refuses (E_LOCKED_OUT, E_RATE_LIMITED)
   * without checking; otherwise counts the attempt, writes that down, then checks.
   */
  async attempt(person: string, check: () => Promise<boolean>): Promise<boolean> {
    this.refuseIfLocked(person)
    const previous = this.queues.get(person) ?? Promise.resolve()
    const mine = previous.then(() => this.attemptNow(person, check))
    const tail = mine.catch(() => undefined)
    this.queues.set(person, tail)
    // the queue entry goes when the last attempt for this person is done
    void tail.then(() => {
      if (this.queues.get(person) === tail) this.queues.delete(person)
    })
    return mine
  }

  private async attemptNow(person: string, check: () => Promise<boolean>): Promise<boolean> {
    // the attempts before this one in the queue may have locked the person out
    this.refuseIfLocked(person)
    this.takeToken()
    const now = this.now()
    const entry = this.people.get(person) ?? { count: 0, lockedUntil: 0, lastAt: now }
    entry.count++
    entry.lastAt = now
    // counted as a miss until the check says otherwise: a crash mid-check keeps the count
    if (entry.count >= this.limits.freeAttempts) {
      entry.lockedUntil = now + Math.min(this.limits.baseLockMs * 2 ** (entry.count - this.limits.freeAttempts), this.limits.maxLockMs)
    }
    this.people.set(person, entry)
    await this.save()
    const ok = await check()
    if (ok) {
      this.people.delete(person)
      await this.save()
    }
    return ok
  }

  private refuseIfLocked(person: string): void {
    const now = this.now()
    const until = Math.max(this.lockdownUntil, this.people.get(person)?.lockedUntil ?? 0)
    if (until > now) {
      const seconds = Math.ceil((until - now) / 1000)
      throw new OutpostError('E_LOCKED_OUT', `too many wrong PINs for ${person}: try again in ${seconds} s`)
    }
  }

  private takeToken(): void {
    const now = this.now()
    const { checksPerSecond, checksBurst } = this.limits
    this.tokens = Math.min(checksBurst, this.tokens + ((now - this.refilledAt) / 1000) * checksPerSecond)
    this.refilledAt = now
    if (this.tokens < 1) {
      const seconds = Math.max(1, Math.ceil((1 - this.tokens) / checksPerSecond))
      throw new OutpostError('E_RATE_LIMITED', `too many sign-ins on this node just now: try again in ${seconds} s`)
    }
    this.tokens--
  }

  /** Writes one after another, each the whole current state; resolves once this state is on disk. */
  private save(): Promise<void> {
    if (this.file === null) return Promise.resolve()
    const file = this.file
    const write = this.writes.then(() => file.write(this.snapshot()))
    this.writes = write.catch((err: unknown) => this.logger?.error({ err, path: file.path }, 'writing the sign-in guard state failed'))
    return write
  }

  private snapshot(): GuardState {
    if (this.people.size > MAX_ENTRIES) this.evict()
    return { v: 1, lockdownUntil: this.lockdownUntil, people: Object.fromEntries(this.people) }
  }

  /** Drop the entries not locked out and idle longest, down to the limit (ids tried once and never again). */
  private evict(): void {
    const now = this.now()
    const idle = [...this.people].filter(([, e]) => e.lockedUntil <= now).sort(([, a], [, b]) => a.lastAt - b.lastAt)
    for (const [id] of idle.slice(0, this.people.size - MAX_ENTRIES)) this.people.delete(id)
  }

  /** Wait for the writes under way (before the daemon exits). */
  async close(): Promise<void> {
    await this.writes
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
