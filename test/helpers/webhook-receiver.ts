import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'

/** One delivery the receiver verified and acknowledged. */
export interface Delivery {
  id: string
  type: string
  seq: number
  data: Record<string, unknown>
  /** When it arrived (ms), for Retry-After checks. */
  at: number
}

/**
 * An ERP's webhook receiver on loopback, as the Standard Webhooks package's docs say to write one:
 * every request is verified with `standardwebhooks` (signature and 5-minute timestamp) against
 * the secrets it knows; an unverified one is answered 400 and counted in `refused`. `answer`
 * decides the reply to a verified one (200 by default): a test makes it fail, hang, or say 410.
 */
export class WebhookReceiver {
  readonly acked: Delivery[] = []
  /** Every verified request, acknowledged or not (tries included). */
  readonly seen: Delivery[] = []
  readonly refused: string[] = []
  answer: (d: Delivery) => { status: number; headers?: Record<string, string> } | 'hang' = () => ({ status: 200 })
  private server: Server
  private port = 0
  private readonly hanging: ServerResponse[] = []

  constructor(public secrets: string[]) {
    this.server = this.make()
  }

  private make(): Server {
    return createServer((req, res) => void this.handle(req, res))
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
  }

  /** Down: the port refuses connections until `listen` again (same port). */
  async down(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()))
    this.server.closeAllConnections()
    await closed
    this.server = this.make()
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk)
    const body = Buffer.concat(chunks).toString('utf8')
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]))
    type Payload = { type: string; data: Record<string, unknown> & { seq: number } }
    let payload = null as Payload | null
    for (const secret of this.secrets) {
      try {
        payload = new Webhook(secret).verify(body, headers) as Payload
        break
      } catch {
        // try the next secret
      }
    }
    if (payload === null) {
      this.refused.push(headers['webhook-id'] ?? '?')
      res.writeHead(400).end('signature')
      return
    }
    const delivery: Delivery = { id: headers['webhook-id']!, type: payload.type, seq: payload.data.seq, data: payload.data, at: Date.now() }
    this.seen.push(delivery)
    const answer = this.answer(delivery)
    if (answer === 'hang') {
      this.hanging.push(res)
      return
    }
    if (answer.status >= 200 && answer.status < 300) this.acked.push(delivery)
    res.writeHead(answer.status, answer.headers ?? {}).end()
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy()
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()))
    this.server.closeAllConnections()
    await closed
  }
}
