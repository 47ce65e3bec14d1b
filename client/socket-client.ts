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

/** The params may be left out when none are required. `{} extends P` is how TypeScript asks that. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type CallArgs<M extends MethodName> = {} extends ParamsOf<M> ? [params?: ParamsOf<M>] : [params: ParamsOf<M>]

interface Pending {
  resolve(value: unknown): void
  reject(err: Error): void
}

/**
 * A client of the daemon's socket, for the TUI and the CLI. Results of typed calls are checked
 * against the protocol's schemas, so a daemon of another version fails loudly, not strangely.
 */
export class SocketClient extends EventEmitter<{ event: [name: EventName, params: unknown]; close: [] }> {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly splitter = new LineSplitter(DEFAULT_MAX_FRAME_BYTES * 64)
  /** Why the connection ended, once it has: the daemon's own line (E_IDLE_TIMEOUT…) when it sent one. */
  private ended: OutpostError | null = null

  private constructor(private readonly socket: Socket) {
    super()
    // Buffers, split on newlines and decoded per frame: the same byte handling as the daemon's.
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('close', () => {
      this.ended ??= new OutpostError('E_NO_DAEMON', 'the daemon closed the connection')
      for (const p of this.pending.values()) p.reject(this.ended)
      this.pending.clear()
      this.emit('close')
    })
    socket.on('error', () => {
      // 'close' follows and fails whatever is pending
    })
  }

  static connect(path: string): Promise<SocketClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(path)
      socket.once('connect', () => {
        socket.removeAllListeners('error')
        resolve(new SocketClient(socket))
      })
      socket.once('error', (err: NodeJS.ErrnoException) => {
        const why = err.code === 'ENOENT' || err.code === 'ECONNREFUSED' ? 'no daemon runs for this data dir' : err.message
        reject(new OutpostError('E_NO_DAEMON', `${why} (${path})`))
      })
    })
  }

  async call<M extends MethodName>(method: M, ...args: CallArgs<M>): Promise<ResultOf<M>> {
    const result = await this.callRaw(method, args[0] ?? {})
    return METHODS[method].result.parse(result) as ResultOf<M>
  }

  callRaw(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
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

  close(): void {
    this.socket.end()
    this.socket.destroy()
  }
}
