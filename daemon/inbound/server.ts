import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { INBOUND_TYPES, InboundEnvelope, OutpostError, type InboundType } from '../../protocol/index.js'
import type { Logger } from '../logger.js'
import type { OutpostNode } from '../node.js'
import { AppendOutcomeUnknown } from '../submit.js'
import type { AvailabilityConfig, InboundConfig } from '../outbox/config.js'
import { inboundDrafts } from './apply.js'
import { availability } from './availability.js'

/** Standard Webhooks' tolerance: a timestamp further than this from now is refused. */
export const TOLERANCE_S = 5 * 60

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * The inbound HTTP endpoint (docs/integration.md): POST /webhooks takes the ERP/CRM's signed
 * webhooks; GET /events, /balances and /availability let it reconcile (bearer token). Every
 * refusal is one line in `{"error": ...}` with a status that says which kind; a 2xx is sent only
 * once the operations are durably in the local log.
 */
export class InboundServer {
  private readonly server: Server
  private readonly inFlight = new Set<string>()

  constructor(
    private readonly node: OutpostNode,
    private readonly config: Readonly<InboundConfig>,
    private readonly availabilityConfig: AvailabilityConfig,
    private readonly logger: Logger,
  ) {
    // how often Node looks for requests past their time: its default, 30 s, would let a slow one sit that long
    const checkMs = Math.max(100, Math.min(1000, Math.floor(config.requestTimeoutMs / 2)))
    this.server = createServer({ connectionsCheckingInterval: checkMs }, (req, res) => void this.handle(req, res))
    // a request that dribbles in (slowloris) is cut off with 408 after this long
    this.server.requestTimeout = config.requestTimeoutMs
    this.server.headersTimeout = Math.min(config.requestTimeoutMs, 60_000)
    this.server.maxConnections = 256
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(this.config.port, this.config.host, () => {
        this.server.off('error', reject)
        resolve()
      })
    })
  }

  address(): string | null {
    const a = this.server.address() as AddressInfo | null
    return a === null ? null : `${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://inbound')
      let result: unknown
      if (req.method === 'POST' && url.pathname === '/webhooks') result = await this.webhook(req)
      else if (req.method === 'GET' && ['/events', '/balances', '/availability'].includes(url.pathname)) result = await this.read(req, url)
      else throw new HttpRefusal(404, `no ${req.method ?? ''} ${url.pathname} here: POST /webhooks, GET /events, /balances, /availability`)
      reply(res, 200, result)
    } catch (err) {
      const [status, message] = refusal(err)
      if (status >= 500) this.logger.error({ err }, 'inbound webhook failed')
      else this.logger.info({ status, message }, 'inbound request refused')
      reply(res, status, { error: message })
      // an oversized body is not read to its end: close rather than drain it
      if (status === 413) req.destroy()
    }
  }

  private async webhook(req: IncomingMessage): Promise<unknown> {
    const id = header(req, 'webhook-id')
    const timestamp = header(req, 'webhook-timestamp')
    const signature = header(req, 'webhook-signature')
    if (id === null || timestamp === null || signature === null)
      throw new HttpRefusal(400, 'missing webhook-id, webhook-timestamp or webhook-signature header')
    if (id.length > 128) throw new HttpRefusal(400, 'webhook-id is longer than 128 characters')
    const body = await readBody(req, this.config.maxBodyBytes)
    const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN
    if (!Number.isFinite(seconds)) throw new HttpRefusal(400, 'webhook-timestamp is not whole seconds since 1970')
    const skew = Date.now() / 1000 - seconds
    if (skew > TOLERANCE_S) throw new HttpRefusal(401, `webhook-timestamp is ${Math.round(skew)} s old: older than 5 minutes is refused`)
    if (skew < -TOLERANCE_S) throw new HttpRefusal(401, `webhook-timestamp is ${Math.round(-skew)} s ahead of this node's clock`)
    const headers = { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature }
    if (!this.config.secrets.some((secret) => verifies(secret, body, headers))) throw new HttpRefusal(401, 'the signature does not match')
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body)
    } catch {
      throw new HttpRefusal(400, 'the body is not UTF-8')
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      throw new HttpRefusal(400, 'the body is not JSON')
    }
    const envelope = InboundEnvelope.safeParse(json)
    if (!envelope.success) throw new HttpRefusal(400, 'the body is not { "type": ..., "data": ... }')
    const type = envelope.data.type
    if (!(INBOUND_TYPES as readonly string[]).includes(type))
      throw new HttpRefusal(422, `unknown type ${type}: this site takes ${INBOUND_TYPES.join(', ')}`)
    return this.apply(id, type as InboundType, envelope.data.data)
  }

  /** Apply once: a repeat of an id applied before is answered 200 with `duplicate`, and changes nothing. */
  private async apply(id: string, type: InboundType, data: unknown): Promise<unknown> {
    if (await this.node.read.webhooks.received(id)) return { duplicate: true, id }
    if (this.inFlight.has(id)) throw new HttpRefusal(409, `webhook ${id} is being applied now: try again shortly`)
    this.inFlight.add(id)
    try {
      const drafts = await inboundDrafts(this.node, id, type, data)
      const submitted = await this.node.submit(drafts, this.config.person, { request: requestIdOf(id) })
      return submitted.replayed === true ? { duplicate: true, id } : { id, ops: submitted.ids }
    } catch (err) {
      if (err instanceof OutpostError && err.code === 'E_CONFLICT' && (await this.node.read.webhooks.received(id)))
        return { duplicate: true, id }
      throw err
    } finally {
      this.inFlight.delete(id)
    }
  }

  private async read(req: IncomingMessage, url: URL): Promise<unknown> {
    const token = this.config.readToken
    if (token === null) throw new HttpRefusal(404, 'reading is off on this node: set integration.readToken in config.json')
    const given = /^Bearer (.+)$/.exec(header(req, 'authorization') ?? '')?.[1] ?? ''
    if (!sameText(given, token)) throw new HttpRefusal(401, 'missing or wrong bearer token')
    const q = url.searchParams
    const read = this.node.read
    if (url.pathname === '/events') {
      const after = int(q.get('after') ?? '-1', -1, 'after')
      const limit = Math.min(1000, int(q.get('limit') ?? '100', 1, 'limit'))
      return read.events.events(after, limit)
    }
    if (url.pathname === '/balances') {
      const events = await read.webhooks.eventCount()
      const sku = q.get('sku') ?? undefined
      const balances = (await read.stock.balances(sku)).map(({ sku, location, lot, milli, reserved }) => ({
        sku,
        location,
        lot,
        milli,
        reserved,
      }))
      return { events, balances }
    }
    return availability(read, this.availabilityConfig, {
      sku: q.get('sku') ?? undefined,
      quality: q.get('quality') ?? undefined,
      color: q.get('color') ?? undefined,
    })
  }
}

function verifies(secret: string, body: Buffer, headers: Record<string, string>): boolean {
  try {
    new Webhook(secret).verify(body, headers, { jsonParse: false })
    return true
  } catch {
    return false
  }
}

/** The log's request id for an inbound webhook (8-64 of [A-Za-z0-9_-]): a retry after a lost answer is not appended twice. */
function requestIdOf(id: string): string {
  return 'wh_' + createHash('sha256').update(id).digest('hex').slice(0, 40)
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name]
  return typeof value === 'string' && value !== '' ? value : null
}

function int(text: string, min: number, name: string): number {
  if (!/^-?\d{1,12}$/.test(text) || Number(text) < min) throw new HttpRefusal(400, `${name} is a whole number from ${min}`)
  return Number(text)
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0')
  if (declared > max) throw new HttpRefusal(413, `the body is ${declared} bytes: at most ${max} are taken`)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > max) throw new HttpRefusal(413, `the body is over ${max} bytes: at most ${max} are taken`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

function refusal(err: unknown): [number, string] {
  if (err instanceof HttpRefusal) return [err.status, err.message]
  if (err instanceof AppendOutcomeUnknown) return [503, 'the node could not confirm the write: send it again (same webhook-id)']
  if (err instanceof OutpostError) {
    const status = { E_CONFLICT: 409, E_NOT_FOUND: 422, E_INVALID_PARAMS: 422, E_STORAGE_FULL: 507, E_HALTED: 503, E_NOT_WRITABLE: 503 }[
      err.code as string
    ]
    return [status ?? 500, err.message]
  }
  return [500, 'internal error: see the daemon log']
}

function reply(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent) return
  const body = JSON.stringify(value)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}
