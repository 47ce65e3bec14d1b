import { join } from 'node:path'
import { OutpostError, type DeadLetter, type EndpointView, type WebhookEventType, type WebhooksStatus } from '../../protocol/index.js'
import type { WebhooksReport } from '../status-board.js'
import type { Logger } from '../logger.js'
import type { OutpostNode } from '../node.js'
import type { WebhooksConfig } from './config.js'
import { EndpointWorker } from './endpoint-worker.js'
import { newSecret } from './signing.js'
import { OutboxStore, type StoredEndpoint } from './store.js'

/**
 * The webhook outbox of this node (docs/integration.md): one worker per endpoint, woken on every
 * fold, sending only while the view says this node is the site's sender. A node whose config has
 * `webhooks.send` says so to the site (`webhooks.sender`); the last node to say so sends, so the
 * site does not send each event once per node. It reports to `node.board` and never writes into
 * the node, except that one announcement.
 */
export class Outbox implements WebhooksReport {
  private store: OutboxStore | null = null
  private readonly workers = new Map<string, EndpointWorker>()
  private announced = false
  private readonly onUpdate = () => {
    if (!this.announced) void this.announce()
    for (const worker of this.workers.values()) worker.poke()
  }

  constructor(
    private readonly node: OutpostNode,
    private readonly config: Readonly<WebhooksConfig>,
    private readonly dataDir: string,
    private readonly logger: Logger,
  ) {}

  async open(): Promise<void> {
    const events = await this.node.read.webhooks.eventCount()
    this.store = await OutboxStore.open(join(this.dataDir, 'webhooks.json'), this.config.endpoints, (from) =>
      from === 'first' ? -1 : events - 1,
    )
    for (const endpoint of this.store.endpoints) this.startWorker(endpoint)
    this.node.on('update', this.onUpdate)
    this.node.board.reportWebhooks(this)
    await this.announce()
  }

  async close(): Promise<void> {
    this.node.off('update', this.onUpdate)
    this.node.board.reportWebhooks(null)
    await Promise.all([...this.workers.values()].map((w) => w.stop()))
    this.workers.clear()
  }

  private get state(): OutboxStore {
    if (this.store === null) throw new OutpostError('E_INTERNAL', 'the outbox is not open')
    return this.store
  }

  private startWorker(endpoint: StoredEndpoint): void {
    const worker = new EndpointWorker(
      endpoint,
      this.node,
      this.state,
      this.config,
      async () => (await this.node.read.webhooks.sender()) === this.node.nodeKey,
      () => this.node.board.changed(),
      this.logger,
    )
    this.workers.set(endpoint.id, worker)
    worker.start()
  }

  /** Say to the site that this node sends, once it is a writer (a joining node is not yet). */
  private async announce(): Promise<void> {
    if (this.announced || !this.config.send || !this.node.base.writable || this.node.halted !== null) return
    this.announced = true
    try {
      if ((await this.node.read.webhooks.sender()) !== this.node.nodeKey)
        await this.node.submit([{ type: 'webhooks.sender', payload: {} }], '@system')
    } catch (err) {
      this.announced = false
      this.logger.error({ err: (err as Error).message }, 'could not announce this node as the webhook sender')
    }
  }

  async status(): Promise<WebhooksStatus> {
    const [sender, events] = await Promise.all([this.node.read.webhooks.sender(), this.node.read.webhooks.eventCount()])
    const here = sender === this.node.nodeKey
    const live = this.state.endpoints.filter((e) => e.disabled === null)
    return {
      sender,
      here,
      events,
      behind: here ? Math.max(0, ...live.map((e) => events - 1 - e.cursor)) : null,
      dead: this.state.dead.length,
      endpoints: this.state.endpoints.length,
    }
  }

  async endpoints(): Promise<EndpointView[]> {
    const events = await this.node.read.webhooks.eventCount()
    return this.state.endpoints.map((e) => ({
      id: e.id,
      url: e.url,
      events: e.events,
      source: e.source,
      disabled: e.disabled,
      rotatingUntil: e.secrets.find((s) => s.until !== null && s.until > Date.now())?.until ?? null,
      cursor: e.cursor,
      pending: Math.max(0, events - 1 - e.cursor),
      dead: this.state.dead.filter((d) => d.endpoint === e.id).length,
      retrying: e.retry,
    }))
  }

  async add(params: {
    url: string
    events: WebhookEventType[]
    id?: string | undefined
    from: 'next' | 'first'
  }): Promise<{ id: string; secret: string }> {
    const id = params.id ?? this.freeId()
    if (this.state.endpoint(id) !== undefined) throw new OutpostError('E_CONFLICT', `an endpoint ${id} exists already`)
    const secret = newSecret()
    const cursor = params.from === 'first' ? -1 : (await this.node.read.webhooks.eventCount()) - 1
    const endpoint: StoredEndpoint = {
      id,
      url: params.url,
      events: [...new Set(params.events)],
      source: 'cli',
      secrets: [{ secret, until: null }],
      disabled: null,
      cursor,
      low: [],
      retry: null,
    }
    this.state.endpoints.push(endpoint)
    await this.state.save()
    this.startWorker(endpoint)
    return { id, secret }
  }

  async remove(id: string): Promise<void> {
    const endpoint = this.cliEndpoint(id, 'remove it from config.json')
    await this.workers.get(id)?.stop()
    this.workers.delete(id)
    this.state.endpoints.splice(this.state.endpoints.indexOf(endpoint), 1)
    for (let i = this.state.dead.length - 1; i >= 0; i--) if (this.state.dead[i]!.endpoint === id) this.state.dead.splice(i, 1)
    await this.state.save()
  }

  async rotate(id: string, overlapHours: number): Promise<{ id: string; secret: string; rotatingUntil: number }> {
    const endpoint = this.cliEndpoint(id, 'give it two secrets in config.json, then drop the old one')
    const secret = newSecret()
    const rotatingUntil = Date.now() + Math.round(overlapHours * 3_600_000)
    const current = endpoint.secrets.find((s) => s.until === null)
    endpoint.secrets = [{ secret, until: null }, ...(current === undefined ? [] : [{ secret: current.secret, until: rotatingUntil }])]
    await this.state.save()
    return { id, secret, rotatingUntil }
  }

  async enable(id: string): Promise<void> {
    const endpoint = this.endpointOr404(id)
    endpoint.disabled = null
    await this.state.save()
    this.workers.get(id)?.poke()
  }

  dead(endpoint: string | undefined, limit: number): Promise<DeadLetter[]> {
    if (endpoint !== undefined) this.endpointOr404(endpoint)
    const letters = this.state.dead.filter((d) => endpoint === undefined || d.endpoint === endpoint).slice(0, limit)
    return Promise.resolve(letters.map(({ body: _body, queued: _queued, ...letter }) => letter))
  }

  /** Queue dead letters to be sent again (same webhook-id, same body), before the endpoint's next events. */
  async retry(id: string | undefined, endpoint: string | undefined): Promise<{ retried: number }> {
    const letters = this.state.dead.filter((d) => (id === undefined || d.id === id) && (endpoint === undefined || d.endpoint === endpoint))
    if (letters.length === 0)
      throw new OutpostError('E_NOT_FOUND', id !== undefined ? `no dead letter ${id}` : `no dead letters for ${endpoint}`)
    for (const letter of letters) letter.queued = true
    await this.state.save()
    for (const letter of letters) this.workers.get(letter.endpoint)?.poke()
    return { retried: letters.length }
  }

  private endpointOr404(id: string): StoredEndpoint {
    const endpoint = this.state.endpoint(id)
    if (endpoint === undefined) throw new OutpostError('E_NOT_FOUND', `no webhook endpoint ${id}`)
    return endpoint
  }

  private cliEndpoint(id: string, instead: string): StoredEndpoint {
    const endpoint = this.endpointOr404(id)
    if (endpoint.source === 'config') throw new OutpostError('E_CONFLICT', `endpoint ${id} comes from config.json: ${instead}`)
    return endpoint
  }

  private freeId(): string {
    for (let n = 1; ; n++) if (this.state.endpoint(`ep${n}`) === undefined) return `ep${n}`
  }
}
