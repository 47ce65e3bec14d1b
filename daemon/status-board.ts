import { EventEmitter } from 'node:events'
import type {
  AvailabilityAnswer,
  DeadLetter,
  EndpointView,
  LocalPrinterStatus,
  PeerRecord,
  Status,
  WebhookEventType,
  WebhooksStatus,
} from '../protocol/index.js'

/** What the network layer reports (daemon/net/mesh.ts). */
export interface NetworkReport {
  peers(): Promise<PeerRecord[]>
  info(): Status['network']
}

/** What the print service reports (daemon/print/print-service.ts). */
export interface PrintingReport {
  /** This node's printers, in config order: the first takes receipts' labels by default. */
  readonly ids: readonly string[]
  printers(): Promise<LocalPrinterStatus[]>
  /** Failed tries at a job since the daemon started, by printer id (for the metrics). */
  failures?(): Record<string, number>
}

/**
 * What the webhook outbox reports (daemon/outbox/outbox.ts), and what the socket's webhooks
 * methods ask of it. `status()` is where metrics read its pending count and dead letters.
 */
export interface WebhooksReport {
  status(): Promise<WebhooksStatus>
  endpoints(): Promise<EndpointView[]>
  add(params: {
    url: string
    events: WebhookEventType[]
    id?: string | undefined
    from: 'next' | 'first'
  }): Promise<{ id: string; secret: string }>
  remove(id: string): Promise<void>
  rotate(id: string, overlapHours: number): Promise<{ id: string; secret: string; rotatingUntil: number }>
  enable(id: string): Promise<void>
  dead(endpoint: string | undefined, limit: number): Promise<DeadLetter[]>
  retry(id: string | undefined, endpoint: string | undefined): Promise<{ retried: number }>
}

/** What the integration reports (daemon/inbound/integration.ts): where its HTTP endpoint listens, and the CRM's availability. */
export interface InboundReport {
  address(): string | null
  availability(query: { sku?: string | undefined; quality?: string | undefined; color?: string | undefined }): Promise<AvailabilityAnswer>
}

/**
 * One figure a service reports for the metrics endpoint (daemon/metrics.ts), read at each scrape:
 * e.g. the outbox's `outpost_outbox_pending` (gauge) and `outpost_outbox_dead_letters` (gauge).
 * The name must match /^outpost_[a-z_]+$/ and, for a counter, end in `_total`.
 */
export interface MetricSample {
  name: string
  help: string
  type: 'gauge' | 'counter'
  value: number
}

/** Where the daemon's HTTP endpoints listen (daemon/http-endpoints.ts), for `status --json`. */
export type HttpReport = NonNullable<Status['http']>

const OFFLINE: Status['network'] = { address: null, swarmKey: null, bootstrap: [], pairing: false }

/**
 * Where the node's services report their state, for `system.status`: the mesh and the print
 * service each own theirs and post a report here when they open (and take it down when they
 * close), instead of writing into the node. `changed` tells the socket that a status changed
 * outside the view (a printer ran out of paper), so it pushes `view.changed` to the TUIs.
 * Adding a service (the outbox, the kitchen's printers) adds a report here.
 */
export class StatusBoard extends EventEmitter {
  private networkReport: NetworkReport | null = null
  private printingReport: PrintingReport | null = null
  private webhooksReport: WebhooksReport | null = null
  private inboundReport: InboundReport | null = null

  reportWebhooks(report: WebhooksReport | null): void {
    this.webhooksReport = report
  }

  reportInbound(report: InboundReport | null): void {
    this.inboundReport = report
  }

  get webhooks(): WebhooksReport | null {
    return this.webhooksReport
  }

  get inbound(): InboundReport | null {
    return this.inboundReport
  }
  private readonly metricReports = new Map<string, () => Promise<MetricSample[]>>()
  /** The metrics and health addresses, once the HTTP endpoints listen. */
  http: HttpReport | null = null

  reportNetwork(report: NetworkReport | null): void {
    this.networkReport = report
  }

  reportPrinting(report: PrintingReport | null): void {
    this.printingReport = report
  }

  /** A service's own figures for the metrics endpoint (the outbox's); null takes them down. */
  reportMetrics(service: string, collect: (() => Promise<MetricSample[]>) | null): void {
    if (collect === null) this.metricReports.delete(service)
    else this.metricReports.set(service, collect)
  }

  async metricSamples(): Promise<MetricSample[]> {
    const all = await Promise.all([...this.metricReports.values()].map((collect) => collect()))
    return all.flat()
  }

  /** A service's state changed (not the view): subscribers get a fresh status. */
  changed(): void {
    this.emit('changed')
  }

  get printing(): PrintingReport | null {
    return this.printingReport
  }

  peers(): Promise<PeerRecord[]> {
    return this.networkReport?.peers() ?? Promise.resolve([])
  }

  network(): Status['network'] {
    return this.networkReport?.info() ?? OFFLINE
  }

  printers(): Promise<LocalPrinterStatus[]> {
    return this.printingReport?.printers() ?? Promise.resolve([])
  }
}
