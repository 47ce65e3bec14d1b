import type { Socket } from 'node:net'
import {
  LineSplitter,
  METHODS,
  OutpostError,
  RequestFrame,
  errorFrame,
  firstIssue,
  isMethodName,
  resultFrame,
  roleAllows,
  type PersonRecord,
} from '../../protocol/index.js'
import { correlationId, type Logger } from '../logger.js'
import { AppendOutcomeUnknown, type OutpostNode } from '../node.js'
import type { SignInGuard } from '../people/sign-in-guard.js'
import { METHOD_IMPLEMENTATIONS } from './methods.js'
import type { ServicesGate } from './services-gate.js'
import type { SocketLimits } from './limits.js'
import type { Metrics } from '../metrics.js'

/** After a closing error line: time for the client to read it before the close. */
const CLOSE_GRACE_MS = 200
/** A client that does not read even its closing line is cut off after this. */
const CLOSE_HARD_MS = 2000

export interface ConnectionDeps {
  node: OutpostNode
  /** The mesh and the other services, which may still be opening (services-gate.ts). */
  services: ServicesGate
  guard: SignInGuard
  logger: Logger
  maxFrameBytes: number
  limits: SocketLimits
  /** Counts and times every answered request (daemon/metrics.ts). */
  metrics?: Metrics | null
}

/**
 * Send one error line and close: the client gets the reason, then the connection ends. Whatever
 * the client sends meanwhile is not read. Used for a refused connection too.
 */
export function closeWithError(socket: Socket, error: OutpostError, logger: Logger): void {
  logger.warn({ code: error.code }, `socket client closed: ${error.message}`)
  socket.pause()
  socket.removeAllListeners('data')
  socket.on('error', () => undefined)
  // Destroying right after the write could drop the error unsent; a client that never reads
  // would keep end() from finishing, hence the hard time-out.
  socket.end(errorFrame(null, error))
  socket.once('finish', () => setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref())
  setTimeout(() => socket.destroy(), CLOSE_HARD_MS).unref()
}

/**
 * One client on the local socket. Requests are handled one after another, in the order they
 * came, so a client's writes reach the log in its order. Every bad frame gets an error reply, in
 * order; only E_BUSY (the queue is full) is answered at once, ahead of the queue. What one client
 * may cost is bounded by `limits` (see limits.ts): a frame too large or too slow, an idle
 * connection, or replies piling up unread close the connection with one error line.
 */
export class Connection {
  private readonly splitter: LineSplitter
  private queue: Promise<void> = Promise.resolve()
  /** Requests read but not yet answered. */
  private queued = 0
  private person: PersonRecord | null = null
  /** Signed in with badge plus PIN (see people/badge.ts). */
  private badged = false
  subscribed = false
  /** The correlation id of this connection; each request's is this, a dot and its number. */
  private readonly id = correlationId('c')
  private requests = 0
  /** Reading is paused because the client does not read its replies (write() said the buffer is full). */
  private writeBlocked = false
  private closing = false
  /** The last complete frame, or the last answer: idle is counted from there. */
  private lastActiveAt = Date.now()
  private idleTimer: NodeJS.Timeout | null = null
  private frameTimer: NodeJS.Timeout | null = null

  constructor(
    readonly socket: Socket,
    private readonly deps: ConnectionDeps,
  ) {
    this.splitter = new LineSplitter(deps.maxFrameBytes)
    // Buffers, not strings: the frame limit counts bytes, and each frame is decoded whole.
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('drain', () => this.onDrain())
    socket.on('close', () => this.stopTimers())
    socket.on('error', (err) => deps.logger.debug({ err }, 'client socket error'))
    this.armIdle(deps.limits.idleTimeoutMs)
  }

  send(frame: string): void {
    if (this.socket.destroyed || this.closing) return
    const { maxReplyBufferBytes } = this.deps.limits
    if (this.socket.writableLength > maxReplyBufferBytes) {
      this.close(new OutpostError('E_SLOW_CLIENT', `more than ${maxReplyBufferBytes} bytes of replies not read: connection closed`))
      return
    }
    // Back-pressure: stop reading a client that does not read, so its requests stop coming in
    // (seen: 20 MB pipelined without reading took the daemon's RSS from 195 to 907 MB).
    if (!this.socket.write(frame) && !this.writeBlocked) {
      this.writeBlocked = true
      this.socket.pause()
    }
  }

  private onDrain(): void {
    if (!this.writeBlocked) return
    this.writeBlocked = false
    if (!this.closing) this.socket.resume()
  }

  private close(error: OutpostError): void {
    if (this.closing) return
    this.closing = true
    this.stopTimers()
    closeWithError(this.socket, error, this.deps.logger)
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return
    const lines = this.splitter.push(chunk)
    if (lines === 'tooLarge') {
      // Stop reading at once: the rest of the frame is never buffered.
      this.close(new OutpostError('E_FRAME_TOO_LARGE', `frame larger than ${this.deps.maxFrameBytes} bytes: connection closed`))
      return
    }
    this.timeFrame(lines.length > 0)
    for (const line of lines) {
      if (typeof line === 'string' && line.trim() === '') continue
      this.lastActiveAt = Date.now()
      if (this.queued >= this.deps.limits.maxQueuedRequests) {
        const n = this.deps.limits.maxQueuedRequests
        this.send(errorFrame(idOf(line), new OutpostError('E_BUSY', `${n} requests already wait on this connection: read replies first`)))
        continue
      }
      this.queued++
      this.queue = this.queue.then(async () => {
        try {
          const req = `${this.id}.${++this.requests}`
          if (typeof line === 'string') await this.handle(line, req)
          else this.send(errorFrame(null, line))
        } finally {
          this.queued--
          this.lastActiveAt = Date.now()
        }
      })
    }
  }

  /** A partial frame must end within frameTimeoutMs of its first byte (slowloris). */
  private timeFrame(frameEnded: boolean): void {
    if (frameEnded && this.frameTimer !== null) {
      clearTimeout(this.frameTimer)
      this.frameTimer = null
    }
    if (this.splitter.pendingBytes === 0 || this.frameTimer !== null) return
    const ms = this.deps.limits.frameTimeoutMs
    const check = (): void => {
      this.frameTimer = null
      if (this.closing || this.splitter.pendingBytes === 0) return
      // while we do not read (the client does not read its replies) the frame cannot end: our pause, not its
      if (this.writeBlocked) this.frameTimer = setTimeout(check, ms).unref()
      else this.close(new OutpostError('E_FRAME_TIMEOUT', `a frame was begun and not ended within ${ms} ms: connection closed`))
    }
    this.frameTimer = setTimeout(check, ms).unref()
  }

  /**
   * Idle means: no complete frame nor answer for idleTimeoutMs, nothing in flight, not subscribed. A
   * subscribed client is never idle: it waits for events, for hours on a quiet shift.
   */
  private armIdle(ms: number): void {
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null
      if (this.closing || this.subscribed) return
      const idleFor = Date.now() - this.lastActiveAt
      const limit = this.deps.limits.idleTimeoutMs
      if (this.queued > 0) this.armIdle(limit)
      else if (idleFor < limit) this.armIdle(limit - idleFor)
      else this.close(new OutpostError('E_IDLE_TIMEOUT', `nothing sent for ${limit} ms: connection closed`))
    }, ms).unref()
  }

  private stopTimers(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer)
    if (this.frameTimer !== null) clearTimeout(this.frameTimer)
    this.idleTimer = this.frameTimer = null
  }

  /**
   * `req` goes on the request's log lines through a child logger made only for a line that is
   * written: a child per request ran pino's redaction over its bindings (~10 KB allocated a
   * request, a write's garbage) for a debug line that is off at the default level.
   */
  private async handle(line: string, req: string): Promise<void> {
    const log = (): Logger => this.deps.logger.child({ req })
    let json: unknown
    try {
      json = JSON.parse(line)
    } catch {
      this.send(errorFrame(null, new OutpostError('E_PARSE', 'frame is not valid JSON')))
      return
    }
    const request = RequestFrame.safeParse(json)
    if (!request.success) {
      const id = (json as { id?: unknown } | null)?.id
      const replyId = typeof id === 'string' || typeof id === 'number' ? id : null
      this.send(errorFrame(replyId, new OutpostError('E_INVALID_REQUEST', 'not a JSON-RPC 2.0 request (jsonrpc, id, method)')))
      return
    }
    const { id, method, params } = request.data
    const started = performance.now()
    const observe = (outcome: string, result?: unknown) => {
      const ms = performance.now() - started
      this.deps.metrics?.request(method, outcome, ms / 1000, result)
      // the method and its outcome, never its params (a PIN, a pairing code)
      if (this.deps.logger.isLevelEnabled('debug')) log().debug({ method, outcome, ms: Math.round(ms) }, 'socket request')
    }
    try {
      const result = await this.call(method, params)
      observe('ok', result)
      this.send(resultFrame(id, result))
    } catch (err) {
      observe(err instanceof OutpostError ? err.code : err instanceof AppendOutcomeUnknown ? 'E_OUTCOME_UNKNOWN' : 'E_INTERNAL')
      // a write that may be in the log is never answered "failed": the client sees the connection
      // drop (the daemon is exiting) and asks again after the restart
      if (err instanceof AppendOutcomeUnknown) {
        this.socket.destroy()
        return
      }
      const error = err instanceof OutpostError ? err : new OutpostError('E_INTERNAL', 'internal error (see the daemon log)')
      if (!(err instanceof OutpostError)) log().error({ err, method }, 'method failed')
      this.send(errorFrame(id, error))
    }
  }

  private async call(method: string, rawParams: unknown): Promise<unknown> {
    if (!isMethodName(method)) throw new OutpostError('E_UNKNOWN_METHOD', `unknown method ${method} (outpost rpc --list shows them)`)
    const spec = METHODS[method]
    const parsed = spec.params.safeParse(rawParams ?? {})
    if (!parsed.success) {
      throw new OutpostError('E_INVALID_PARAMS', `${method}: ${firstIssue(parsed.error)}`)
    }
    // before the checks below: the node may fail or halt while this waits
    const services = await this.deps.services.for(method)
    // A node whose store failed is exiting (see OutpostNode.failed): its reads would fail too.
    if (this.deps.node.failed !== null) throw new OutpostError('E_STORAGE_FAILED', this.deps.node.failed)
    // A halted node serves its status (which says why) and refuses everything else.
    const halted = this.deps.node.halted
    if (halted !== null && method !== 'system.status') throw new OutpostError('E_HALTED', halted)
    if (spec.access !== 'public') await this.authorize(method, spec.access)
    const { node, guard } = this.deps
    const implementation = METHOD_IMPLEMENTATIONS[method] as (p: unknown, ctx: unknown) => Promise<unknown>
    return implementation(parsed.data, {
      node,
      mesh: services?.mesh ?? null,
      guard,
      person: this.person,
      badged: this.badged,
      signIn: (person: PersonRecord, badged: boolean) => ((this.person = person), (this.badged = badged)),
      signOut: () => ((this.person = null), (this.badged = false)),
      subscribe: () => (this.subscribed = true),
    })
  }

  /** The role is read from the view on every call: a role changed or a person removed on another node counts at once. */
  private async authorize(method: string, access: Exclude<(typeof METHODS)[keyof typeof METHODS]['access'], 'public'>): Promise<void> {
    if (this.person === null) throw new OutpostError('E_NOT_SIGNED_IN', `${method} needs a signed-in person`)
    const current = await this.deps.node.read.people.person(this.person.id)
    if (current === null || !current.active) {
      this.person = null
      throw new OutpostError('E_NOT_SIGNED_IN', 'this person was removed: sign in again')
    }
    this.person = current
    if (!roleAllows(current.role, access)) throw new OutpostError('E_FORBIDDEN', `a ${current.role} may not call ${method}`)
  }
}

/** The id of a request we refuse without handling it, when it has a usable one. */
function idOf(line: string | OutpostError): string | number | null {
  if (typeof line !== 'string') return null
  try {
    const id = (JSON.parse(line) as { id?: unknown } | null)?.id
    return typeof id === 'string' || typeof id === 'number' ? id : null
  } catch {
    return null
  }
}
