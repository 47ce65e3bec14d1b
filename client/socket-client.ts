import { EventEmitter } from 'node:events'
import { connect, type Socket } from 'node:net'
import {
  DEFAULT_MAX_FRAME_BYTES,
  EVENTS,
  EventFrame,
  LineSplitter,
  METHODS,
  OutpostError,
  ResponseFrame,
  errorFromBody,
  requestFrame,
  type EventName,
  type EventOf,
  type MethodName,
  type ParamsOf,
  type ResultOf,
} from '../protocol/index.js'
import { backoffDelay, type BackoffPolicy } from './backoff.js'

/** The params may be left out when none are required. `{} extends P` is how TypeScript asks that. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type CallArgs<M extends MethodName> = {} extends ParamsOf<M> ? [params?: ParamsOf<M>] : [params: ParamsOf<M>]

interface Pending {
  resolve(value: unknown): void
  reject(err: Error): void
}

/**
 * Whether a reconnecting client is connected. `generation` counts connections (0 the first): what
 * a connection had (subscriptions, a signed-in person, a screen's registration) is the daemon's
 * per connection, so a new generation must set them up again.
 */
export type ConnectionState =
  { up: true; generation: number } | { up: false; generation: number; reason: string; since: number; attempts: number }

/** The line a call gets while the client waits to reconnect: refused at once, never queued for later. */
export const NOT_CONNECTED = 'not connected to the daemon'

/**
 * A client of the daemon's socket, for the TUI and the CLI. Results of typed calls are checked
 * against the protocol's schemas, so a daemon of another version fails loudly, not strangely.
 *
 * With `reconnect` (the TUI) a dropped connection is tried again with a bounded backoff
 * (backoff.ts) and 'state' tells the screens; calls made meanwhile are refused at once with
 * NOT_CONNECTED, and no call is ever sent again by itself (a bump is not made twice). Without it
 * (the CLI) the first close is the end: 'close', and every later call fails with the reason.
 */
export class SocketClient extends EventEmitter<{ event: [name: EventName, params: unknown]; close: []; state: [ConnectionState] }> {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private splitter = new LineSplitter(DEFAULT_MAX_FRAME_BYTES * 64)
  /** Why the connection ended, once it has: the daemon's own line (E_IDLE_TIMEOUT…) when it sent one. */
  private ended: OutpostError | null = null
  private socket: Socket
  private connectedAt = Date.now()
  private state: ConnectionState = { up: true, generation: 0 }
  /** Attempts since the last stable connection: what the next wait is made of. */
  private attempt = 0
  private retryTimer: NodeJS.Timeout | null = null
  private closed = false

  private constructor(
    socket: Socket,
    private readonly path: string,
    private readonly reconnect: BackoffPolicy | null,
  ) {
    super()
    this.socket = socket
    this.attach(socket)
  }

  static async connect(path: string, opts: { reconnect?: BackoffPolicy } = {}): Promise<SocketClient> {
    return new SocketClient(await openSocket(path), path, opts.reconnect ?? null)
  }

  /** Up, or down since when and why (a client without `reconnect` stays "up" until it is closed). */
  get connection(): ConnectionState {
    return this.state
  }

  private attach(socket: Socket): void {
    // Buffers, split on newlines and decoded per frame: the same byte handling as the daemon's.
    socket.on('data', (chunk: Buffer) => {
      if (socket === this.socket) this.onData(chunk)
    })
    socket.on('close', () => this.onSocketClose(socket))
    socket.on('error', () => {
      // 'close' follows and fails whatever is pending
    })
  }

  private onSocketClose(socket: Socket): void {
    if (socket !== this.socket) return
    const reason = this.ended ?? new OutpostError('E_NO_DAEMON', 'the daemon closed the connection')
    this.ended = reason
    const policy = this.closed ? null : this.reconnect
    const willRetry = policy !== null
    // a call in flight may or may not have been done: the daemon did not say, and it is not sent again
    const inFlight = willRetry
      ? new OutpostError('E_NO_DAEMON', `${NOT_CONNECTED}: the connection was lost before it answered; look again once it is back`)
      : reason
    for (const p of this.pending.values()) p.reject(inFlight)
    this.pending.clear()
    if (policy === null) {
      this.emit('close')
      return
    }
    if (Date.now() - this.connectedAt >= policy.stableMs) this.attempt = 0
    this.state = { up: false, generation: this.state.generation, reason: reason.message, since: Date.now(), attempts: 0 }
    this.emit('state', this.state)
    this.retryLater()
  }

  private retryLater(): void {
    const wait = backoffDelay(this.attempt++, this.reconnect ?? undefined)
    this.retryTimer = setTimeout(() => void this.retry(), wait)
  }

  private async retry(): Promise<void> {
    this.retryTimer = null
    let socket: Socket
    try {
      socket = await openSocket(this.path)
    } catch {
      if (this.closed || this.state.up) return
      this.state = { ...this.state, attempts: this.state.attempts + 1 }
      this.emit('state', this.state)
      this.retryLater()
      return
    }
    if (this.closed) {
      socket.destroy()
      return
    }
    this.socket = socket
    this.ended = null
    // a line cut by the drop must not be joined to the new connection's first
    this.splitter = new LineSplitter(DEFAULT_MAX_FRAME_BYTES * 64)
    this.connectedAt = Date.now()
    this.state = { up: true, generation: this.state.generation + 1 }
    this.attach(socket)
    this.emit('state', this.state)
  }

  async call<M extends MethodName>(method: M, ...args: CallArgs<M>): Promise<ResultOf<M>> {
    const result = await this.callRaw(method, args[0] ?? {})
    return METHODS[method].result.parse(result) as ResultOf<M>
  }

  callRaw(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const down = this.state
      if (!down.up) {
        reject(new OutpostError('E_NO_DAEMON', `${NOT_CONNECTED}: not done, it is reconnecting`))
        return
      }
      // a call after the close would wait forever: fail it with the reason (E_TOO_MANY_CONNECTIONS…)
      if (this.ended !== null || this.socket.destroyed) {
        reject(this.ended ?? new OutpostError('E_NO_DAEMON', 'the daemon closed the connection'))
        return
      }
      this.pending.set(id, { resolve, reject })
      this.socket.write(requestFrame(id, method, params))
    })
  }

  onEvent<E extends EventName>(name: E, listener: (params: EventOf<E>) => void): () => void {
    const handler = (event: EventName, params: unknown) => {
      if (event === name) listener(EVENTS[name].parse(params) as EventOf<E>)
    }
    this.on('event', handler)
    return () => this.off('event', handler)
  }

  private onData(chunk: Buffer): void {
    const lines = this.splitter.push(chunk)
    if (lines === 'tooLarge') {
      this.ended ??= new OutpostError('E_FRAME_TOO_LARGE', 'the daemon sent a reply over the size limit')
      this.socket.destroy()
      return
    }
    for (const line of lines) {
      if (typeof line === 'string') this.onLine(line)
      else {
        this.ended ??= new OutpostError('E_PARSE', 'the daemon sent a reply that is not UTF-8')
        this.socket.destroy()
        return
      }
    }
  }

  private onLine(line: string): void {
    const json: unknown = JSON.parse(line)
    const event = EventFrame.safeParse(json)
    if (event.success && !('id' in (json as object))) {
      if (Object.hasOwn(EVENTS, event.data.method)) this.emit('event', event.data.method as EventName, event.data.params)
      return
    }
    const response = ResponseFrame.parse(json)
    if (typeof response.id !== 'number') {
      // an error about the connection itself (a frame too large, too many clients): fail
      // everything pending, and what is called later, with it
      if ('error' in response) {
        const error = errorFromBody(response.error)
        if (error.code !== 'E_PARSE' && error.code !== 'E_INVALID_REQUEST') this.ended ??= error
        for (const p of this.pending.values()) p.reject(error)
      }
      this.pending.clear()
      return
    }
    const pending = this.pending.get(response.id)
    if (pending === undefined) return
    this.pending.delete(response.id)
    if ('error' in response) pending.reject(errorFromBody(response.error))
    else pending.resolve(response.result)
  }

  /** The end: no more reconnecting; 'close' once the socket is closed. */
  close(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer)
    this.retryTimer = null
    const wasDown = !this.state.up && !this.closed
    this.closed = true
    this.socket.end()
    this.socket.destroy()
    // down, the socket closed long ago: say the end here
    if (wasDown) this.emit('close')
  }
}

/** A connected socket to the daemon, or E_NO_DAEMON saying why not. */
function openSocket(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path)
    socket.once('connect', () => {
      socket.removeAllListeners('error')
      resolve(socket)
    })
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'ENOENT' || err.code === 'ECONNREFUSED' ? 'no daemon runs for this data dir' : err.message
      reject(new OutpostError('E_NO_DAEMON', `${why} (${path})`))
    })
  })
}
