import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { connect } from 'node:net'
import { mkdir, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { AddressInfo } from 'node:net'
import { writeJsonFile } from './json-file.js'
import type { Logger } from './logger.js'
import type { Metrics } from './metrics.js'
import type { OutpostNode } from './node.js'
import type { HttpReport } from './status-board.js'

/** Where the endpoints listen: loopback only, they are for this machine's Prometheus and scripts. */
export const HTTP_HOST = '127.0.0.1'
/** The default port (beside the DHT's 49737); 0 picks a free one. */
export const DEFAULT_HTTP_PORT = 49738

/** How long the socket may take to answer a readiness probe. */
const SOCKET_PROBE_MS = 2000

export interface HttpEndpointsOptions {
  port: number
  metrics: Metrics
  /** The daemon's socket, probed by /ready. */
  socketPath: string
  /** Written with the addresses once listening (`outpost health` reads it), removed at close. */
  addressFile: string
  logger: Logger
}

export interface Readiness {
  ready: boolean
  /** Each check and whether it passed; `reason` says what failed, in words. */
  checks: { node: boolean; folded: boolean; socket: boolean }
  reason: string | null
}

/**
 * The metrics (/metrics), liveness (/health) and readiness (/ready) endpoints on 127.0.0.1. They
 * listen before the node opens, so a supervisor sees the process alive (and not ready) through a
 * long open. Anything else than GET or HEAD of those three paths is refused with one line; the
 * server reads no request body and bounds header size, time and connections, so a hostile local
 * client costs little.
 */
export class HttpEndpoints {
  private readonly server: Server
  private node: OutpostNode | null = null
  private socketListening = false
  report: HttpReport | null = null

  constructor(private readonly opts: HttpEndpointsOptions) {
    this.server = createServer(
      { maxHeaderSize: 8192, requestTimeout: 10_000, headersTimeout: 5000, keepAliveTimeout: 2000, connectionsCheckingInterval: 1000 },
      (req, res) => this.handle(req, res),
    )
    this.server.maxConnections = 32
    // one status line for a request that is not HTTP, too large or too slow; then the socket closes
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      const status = CLIENT_ERRORS[err.code ?? ''] ?? '400 Bad Request'
      if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      else socket.destroy()
    })
  }

  /** Listen on the configured port; when it is taken (a second daemon on this machine), on any free one. */
  async listen(): Promise<HttpReport> {
    try {
      await this.listenOn(this.opts.port)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || this.opts.port === 0) throw err
      this.opts.logger.warn({ port: this.opts.port }, 'metrics port taken: listening on a free port (status --json shows it)')
      await this.listenOn(0)
    }
    const { port } = this.server.address() as AddressInfo
    const base = `http://${HTTP_HOST}:${port}`
    this.report = { metrics: `${base}/metrics`, health: `${base}/health`, ready: `${base}/ready` }
    // the endpoints listen before the node opens: on a first start the data dir may not exist yet
    await mkdir(dirname(this.opts.addressFile), { recursive: true, mode: 0o700 })
    await writeJsonFile(this.opts.addressFile, { ...this.report, pid: process.pid })
    return this.report
  }

  private listenOn(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen({ host: HTTP_HOST, port }, () => {
        this.server.off('error', reject)
        resolve()
      })
    })
  }

  /** The node once open, and whether its socket listens: readiness needs both. */
  attach(node: OutpostNode | null, socketListening: boolean): void {
    this.node = node
    this.socketListening = socketListening
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    req.resume() // a body is never read, only drained
    const path = (req.url ?? '').split('?')[0] ?? ''
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'only GET and HEAD are served\n', { Allow: 'GET, HEAD' })
    const route = ROUTES[path]
    if (route === undefined) return send(res, 404, 'not found: /metrics, /health and /ready are served\n')
    route(this, res).catch((err: unknown) => {
      this.opts.logger.error({ err, path }, 'http endpoint failed')
      if (!res.headersSent) send(res, 500, 'internal error (see the daemon log)\n')
      else res.destroy()
    })
  }

  async metricsText(res: ServerResponse): Promise<void> {
    const text = await this.opts.metrics.text()
    send(res, 200, text, { 'Content-Type': this.opts.metrics.contentType })
  }

  alive(res: ServerResponse): Promise<void> {
    send(res, 200, JSON.stringify({ alive: true, pid: process.pid }) + '\n', { 'Content-Type': 'application/json' })
    return Promise.resolve()
  }

  async readyReply(res: ServerResponse): Promise<void> {
    const r = await this.readiness()
    send(res, r.ready ? 200 : 503, JSON.stringify(r) + '\n', { 'Content-Type': 'application/json' })
  }

  /** Ready: the node is open and sound, its view has folded all of its own log, and its socket answers. */
  async readiness(): Promise<Readiness> {
    const node = this.node
    const checks = { node: false, folded: false, socket: false }
    if (node === null) return { ready: false, checks, reason: 'the node is opening' }
    const broken = node.failed ?? node.halted
    if (broken !== null) return { ready: false, checks, reason: broken }
    checks.node = true
    const lag = await node.foldLag()
    checks.folded = lag === 0
    checks.socket = this.socketListening && (await probeSocket(this.opts.socketPath))
    const reason = !checks.folded
      ? `the view has not folded ${lag} block(s) of this node's log yet`
      : !checks.socket
        ? 'the socket does not answer'
        : null
    return { ready: reason === null, checks, reason }
  }

  async close(): Promise<void> {
    await rm(this.opts.addressFile, { force: true })
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}

const CLIENT_ERRORS: Record<string, string | undefined> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
}

const ROUTES: Record<string, ((h: HttpEndpoints, res: ServerResponse) => Promise<void>) | undefined> = {
  '/metrics': (h, res) => h.metricsText(res),
  '/health': (h, res) => h.alive(res),
  '/ready': (h, res) => h.readyReply(res),
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers })
  res.end(res.req.method === 'HEAD' ? undefined : body)
}

/** The socket answers a system.status request within SOCKET_PROBE_MS. */
function probeSocket(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path)
    let text = ''
    const done = (ok: boolean) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(ok)
    }
    const timer = setTimeout(() => done(false), SOCKET_PROBE_MS)
    socket.setEncoding('utf8')
    socket.on('connect', () => socket.write('{"jsonrpc":"2.0","id":"ready","method":"system.status"}\n'))
    socket.on('data', (chunk: string) => {
      text += chunk
      if (text.includes('\n')) done(text.includes('"result"'))
    })
    socket.on('error', () => done(false))
  })
}
