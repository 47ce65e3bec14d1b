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
import type { Logger } from '../logger.js'
import type { OutpostNode } from '../node.js'
import type { SignInGuard } from '../people/sign-in-guard.js'
import { METHOD_IMPLEMENTATIONS } from './methods.js'
import type { Mesh } from '../net/mesh.js'

/** After refusing an oversized frame: time for the client to read the error before the close. */
const CLOSE_GRACE_MS = 200

export interface ConnectionDeps {
  node: OutpostNode
  mesh: Mesh | null
  guard: SignInGuard
  logger: Logger
  maxFrameBytes: number
}

/**
 * One client on the local socket. Requests are handled one after another, in the order they
 * came, so a client's writes reach the log in its order. Every bad frame gets an error reply;
 * only a frame over the size limit closes the connection (it cannot be skipped safely).
 */
export class Connection {
  private readonly splitter: LineSplitter
  private queue: Promise<void> = Promise.resolve()
  private person: PersonRecord | null = null
  /** Signed in with badge plus PIN (see people/badge.ts). */
  private badged = false
  subscribed = false

  constructor(
    readonly socket: Socket,
    private readonly deps: ConnectionDeps,
  ) {
    this.splitter = new LineSplitter(deps.maxFrameBytes)
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => this.onData(chunk))
    socket.on('error', (err) => deps.logger.debug({ err }, 'client socket error'))
  }

  send(frame: string): void {
    if (!this.socket.destroyed) this.socket.write(frame)
  }

  private onData(chunk: string): void {
    const lines = this.splitter.push(chunk)
    if (lines === 'tooLarge') {
      const limit = this.deps.maxFrameBytes
      // Stop reading at once (the rest of the frame is never buffered), let the error reach the
      // client, then close. Destroying right after the write could drop the error unsent.
      this.socket.pause()
      this.socket.removeAllListeners('data')
      this.socket.end(errorFrame(null, new OutpostError('E_FRAME_TOO_LARGE', `frame larger than ${limit} bytes: connection closed`)))
      this.socket.once('finish', () => setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref())
      return
    }
    for (const line of lines) {
      if (line.trim() === '') continue
      this.queue = this.queue.then(() => this.handle(line))
    }
  }

  private async handle(line: string): Promise<void> {
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
    try {
      this.send(resultFrame(id, await this.call(method, params)))
    } catch (err) {
      const error = err instanceof OutpostError ? err : new OutpostError('E_INTERNAL', 'internal error (see the daemon log)')
      if (!(err instanceof OutpostError)) this.deps.logger.error({ err, method }, 'method failed')
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
    // A halted node serves its status (which says why) and refuses everything else.
    const halted = this.deps.node.halted
    if (halted !== null && method !== 'system.status') throw new OutpostError('E_HALTED', halted)
    if (spec.access !== 'public') await this.authorize(method, spec.access)
    const { node, mesh, guard } = this.deps
    const implementation = METHOD_IMPLEMENTATIONS[method] as (p: unknown, ctx: unknown) => Promise<unknown>
    return implementation(parsed.data, {
      node,
      mesh,
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
    const current = await this.deps.node.reader.person(this.person.id)
    if (current === null || !current.active) {
      this.person = null
      throw new OutpostError('E_NOT_SIGNED_IN', 'this person was removed: sign in again')
    }
    this.person = current
    if (!roleAllows(current.role, access)) throw new OutpostError('E_FORBIDDEN', `a ${current.role} may not call ${method}`)
  }
}
