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
} from '../../protocol/index.js'

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

  private constructor(private readonly socket: Socket) {
    super()
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => this.onData(chunk))
    socket.on('close', () => {
      for (const p of this.pending.values()) p.reject(new OutpostError('E_NO_DAEMON', 'the daemon closed the connection'))
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

  private onData(chunk: string): void {
    const lines = this.splitter.push(chunk)
    if (lines === 'tooLarge') {
      this.socket.destroy()
      return
    }
    for (const line of lines) this.onLine(line)
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
      // an error about the connection itself (a frame too large): fail everything pending
      if ('error' in response) for (const p of this.pending.values()) p.reject(errorFromBody(response.error))
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
