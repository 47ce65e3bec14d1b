import { chmod, unlink } from 'node:fs/promises'
import { connect, createServer, type Server } from 'node:net'
import { OutpostError, eventFrame } from '../../protocol/index.js'
import type { Logger } from '../logger.js'
import type { OutpostNode } from '../node.js'
import { SignInGuard } from '../people/sign-in-guard.js'
import { Connection, closeWithError } from './connection.js'
import { EventThrottle } from './event-throttle.js'
import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from './limits.js'
import type { Mesh } from '../net/mesh.js'
import type { Metrics } from '../metrics.js'
import { ServicesGate } from './services-gate.js'

export interface SocketServerOptions {
  path: string
  node: OutpostNode
  /** The mesh, open already; or give `services`, for a socket that listens while they open. */
  mesh?: Mesh | null
  /** The daemon's services, opening while the socket listens (services-gate.ts). */
  services?: ServicesGate
  logger: Logger
  maxFrameBytes: number
  /** What one client may cost (limits.ts); unset fields keep their defaults. */
  limits?: Partial<SocketLimits>
  /**
   * view.changed events: on average at most one per this many milliseconds, a few at once allowed
   * (a burst of folds is coalesced: event-throttle.ts). 20: a kitchen's steady run of a ticket, its
   * bumps and a note, ~40 changes a second, keeps every push at once; a rush is held to 50 a second.
   */
  eventIntervalMs?: number
  /** The daemon's guard, its state kept in the data dir; one in memory if not given. */
  guard?: SignInGuard
  /** Counts and times every answered request (daemon/metrics.ts). */
  metrics?: Metrics | null
}

/** The daemon's local socket: a Unix domain socket, owner-only, JSON-RPC per line. */
export class SocketServer {
  private readonly server: Server
  private readonly connections = new Set<Connection>()
  private readonly guard: SignInGuard
  private readonly events: EventThrottle
  private readonly services: ServicesGate
  private closed = false
  private readonly onUpdate = () => this.events.poke()

  constructor(private readonly opts: SocketServerOptions) {
    const limits = { ...DEFAULT_SOCKET_LIMITS, ...opts.limits }
    this.guard = opts.guard ?? SignInGuard.inMemory()
    this.services = opts.services ?? ServicesGate.opened({ mesh: opts.mesh ?? null })
    this.events = new EventThrottle(opts.eventIntervalMs ?? 20, () => {
      this.publish().catch((err: unknown) => this.opts.logger.error({ err }, 'publishing view.changed failed'))
    })
    this.server = createServer((socket) => {
      if (this.connections.size >= limits.maxConnections) {
        const why = `the daemon serves ${limits.maxConnections} clients at most: try again later`
        closeWithError(socket, new OutpostError('E_TOO_MANY_CONNECTIONS', why), opts.logger)
        return
      }
      const conn = new Connection(socket, {
        node: opts.node,
        services: this.services,
        guard: this.guard,
        logger: opts.logger,
        maxFrameBytes: opts.maxFrameBytes,
        limits,
        metrics: opts.metrics ?? null,
      })
      this.connections.add(conn)
      socket.on('close', () => this.connections.delete(conn))
    })
    opts.node.on('update', this.onUpdate)
    // a status change outside the view (a printer ran out of paper) is pushed the same way
    opts.node.board.on('changed', this.onUpdate)
    this.services.whenOpen().then(
      ({ mesh }) => {
        if (this.closed) return
        // consent prompts go to every subscribed client (the TUI shows them on any screen)
        mesh?.pairing?.on('requested', (record: unknown) => this.broadcast('mesh.pairRequested', record))
        mesh?.pairing?.on('settled', (settled: unknown) => this.broadcast('mesh.pairSettled', settled))
        // a status read while they opened showed no network, printers or webhooks
        this.onUpdate()
      },
      () => undefined, // the daemon closes this socket
    )
  }

  private broadcast(event: string, params: unknown): void {
    const frame = eventFrame(event, params)
    for (const conn of this.connections) if (conn.subscribed) conn.send(frame)
  }

  async listen(): Promise<void> {
    await removeStaleSocket(this.opts.path)
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(this.opts.path, () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    await chmod(this.opts.path, 0o600)
  }

  private async publish(): Promise<void> {
    const subscribers = [...this.connections].filter((c) => c.subscribed)
    if (subscribers.length === 0 || this.opts.node.base.closed) return
    const status = await this.opts.node.status()
    const frame = eventFrame('view.changed', { seq: status.view.seq, hash: status.view.hash, status })
    for (const conn of subscribers) conn.send(frame)
  }

  async close(): Promise<void> {
    this.closed = true
    this.opts.node.off('update', this.onUpdate)
    this.opts.node.board.off('changed', this.onUpdate)
    this.events.stop()
    for (const conn of this.connections) conn.socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
    await this.guard.close()
  }
}

/** Refuses when a daemon answers on the socket: one data dir, one daemon. */
export async function refuseSecondDaemon(path: string): Promise<void> {
  const alive = await new Promise<boolean>((resolve) => {
    const probe = connect(path)
    probe.once('connect', () => {
      probe.destroy()
      resolve(true)
    })
    probe.once('error', () => resolve(false))
  })
  if (alive) throw new OutpostError('E_DAEMON_RUNNING', `a daemon already runs for this data dir (${path})`)
}

/** A socket file left by a daemon that died is removed; one that answers means a daemon runs. */
async function removeStaleSocket(path: string): Promise<void> {
  await refuseSecondDaemon(path)
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err
  })
}
