import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { isMethodName, isOperationType, canonicalOperationType, PRINTER_STATES } from '../protocol/index.js'
import type { OutpostNode } from './node.js'
import { outboxMetrics } from './outbox/outbox-metrics.js'
import { VERSIONS } from './versions.js'

/**
 * The daemon's Prometheus metrics (served on 127.0.0.1 by daemon/http-endpoints.ts). Names follow
 * Prometheus' conventions: `outpost_` prefix, base units (seconds, bytes), `_total` on counters,
 * `outpost_info` for versions. Every label takes its values from a closed set (method names,
 * operation types and error codes the protocol knows, the site's peers and this node's printers):
 * a hostile client that calls a made-up method must not grow the series without bound.
 *
 * What the services own (peers, printers) is read from `node.board` at scrape time, as the status
 * does; the node's fold counts and the socket's requests are pushed as they happen. A service that
 * brings its own figures (the outbox: pending, dead letters) reports them through
 * `node.board.reportMetrics(name, collect)`: they are added here at each scrape (see `services`).
 */
export class Metrics {
  readonly registry = new Registry()
  private readonly requests: Counter<'method' | 'outcome'>
  private readonly latency: Histogram<'method'>
  private readonly scans: Counter<'kind'>
  private node: OutpostNode | null = null

  constructor() {
    const registers = [this.registry]
    collectDefaultMetrics({ register: this.registry, prefix: 'outpost_' })
    // prom-client names these gauges `_total`, which promtool refuses (only counters end in _total)
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
      this.registry.removeSingleMetric(`outpost_${name}`)
    }
    new Gauge({
      name: 'outpost_info',
      help: 'Versions of this daemon (always 1)',
      labelNames: ['version', 'protocol', 'nodejs'],
      registers,
    }).set({ version: VERSIONS.outpost, protocol: String(VERSIONS.protocol), nodejs: VERSIONS.node }, 1)
    this.requests = new Counter({
      name: 'outpost_socket_requests_total',
      help: 'Socket requests answered, by method and outcome (ok, or the error code)',
      labelNames: ['method', 'outcome'],
      registers,
    })
    this.latency = new Histogram({
      name: 'outpost_socket_request_duration_seconds',
      help: 'Time from reading a socket request to its answer, by method',
      labelNames: ['method'],
      // a scan's answer should be well under 50 ms; an import or a merge can take seconds
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    })
    this.scans = new Counter({
      name: 'outpost_scans_total',
      help: 'Codes resolved for a scanner (scan.resolve), by what they turned out to be',
      labelNames: ['kind'],
      registers,
    })
    this.nodeMetrics(registers)
    this.serviceMetrics(registers)
    outboxMetrics(registers, () => this.node?.board.webhooks ?? null)
  }

  /** The node to read at scrape time; null while it opens (only the process metrics then). */
  attach(node: OutpostNode | null): void {
    this.node = node
  }

  /** One answered socket request. `outcome` is 'ok' or an error code. */
  request(method: string, outcome: string, seconds: number, result?: unknown): void {
    const label = isMethodName(method) ? method : 'unknown'
    this.requests.inc({ method: label, outcome: /^E_[A-Z_]{1,40}$/.test(outcome) || outcome === 'ok' ? outcome : 'E_OTHER' })
    this.latency.observe({ method: label }, seconds)
    if (method === 'scan.resolve' && outcome === 'ok') {
      const kind = (result as { kind?: unknown } | null)?.kind
      this.scans.inc({ kind: typeof kind === 'string' && SCAN_KINDS.has(kind) ? kind : 'unknown' })
    }
  }

  private nodeMetrics(registers: Registry[]): void {
    const self = () => this.node
    new Counter({
      name: 'outpost_operations_folded_total',
      help: 'Operations folded into the view since the daemon started, by type and outcome (applied, rejected)',
      labelNames: ['type', 'outcome'],
      registers,
      collect() {
        const node = self()
        if (node === null) return
        this.reset()
        for (const [key, n] of node.folds) {
          const [type, outcome] = key.split(' ')
          this.inc({ type, outcome }, n)
        }
      },
    })
    new Gauge({
      name: 'outpost_log_blocks',
      help: "Blocks in the logs: this node's own (local), the linearized site log (system), and its signed part (signed)",
      labelNames: ['log'],
      registers,
      collect() {
        const node = self()
        if (node === null || node.base.closed) return
        this.set({ log: 'local' }, node.base.local.length)
        this.set({ log: 'system' }, node.base.length)
        this.set({ log: 'signed' }, node.base.signedLength)
      },
    })
    new Gauge({
      name: 'outpost_fold_lag_blocks',
      help: "Blocks of this node's own log not yet folded into the view",
      registers,
      async collect() {
        const node = self()
        if (node === null) return
        this.set(await node.foldLag())
      },
    })
    new Gauge({
      name: 'outpost_view_operations',
      help: 'Operations the view has folded (its sequence number)',
      registers,
      async collect() {
        const node = self()
        if (node === null || node.base.closed) return
        this.set((await node.read.system.meta()).seq)
      },
    })
    new Gauge({
      name: 'outpost_halted',
      help: 'Whether the fold stopped at an operation this version cannot read (1: upgrade Outpost)',
      registers,
      collect() {
        this.set(self()?.halted == null ? 0 : 1)
      },
    })
  }

  private serviceMetrics(registers: Registry[]): void {
    const self = () => this.node
    const peers = async () => (await self()?.board.peers()) ?? []
    const printers = async () => (await self()?.board.printers()) ?? []
    new Gauge({
      name: 'outpost_peers_online',
      help: 'Other writer nodes of the site heard from within the offline limit',
      registers,
      async collect() {
        this.set((await peers()).filter((p) => p.online).length)
      },
    })
    new Gauge({
      name: 'outpost_peers',
      help: 'Other writer nodes of the site',
      registers,
      async collect() {
        this.set((await peers()).length)
      },
    })
    new Gauge({
      name: 'outpost_peer_behind_operations',
      help: "Blocks of a peer's log it says it has and this node does not hold yet",
      labelNames: ['peer', 'name'],
      registers,
      async collect() {
        this.reset()
        for (const p of await peers()) this.set({ peer: p.key.slice(0, 16), name: p.name }, p.behind)
      },
    })
    new Gauge({
      name: 'outpost_print_queue_jobs',
      help: "Jobs waiting for one of this node's printers",
      labelNames: ['printer'],
      registers,
      async collect() {
        this.reset()
        for (const p of await printers()) this.set({ printer: p.id }, p.queued)
      },
    })
    new Gauge({
      name: 'outpost_printer_state',
      help: "A printer's state: 1 for the state it is in, 0 for the others",
      labelNames: ['printer', 'state'],
      registers,
      async collect() {
        this.reset()
        for (const p of await printers()) for (const s of PRINTER_STATES) this.set({ printer: p.id, state: s }, s === p.state ? 1 : 0)
      },
    })
    new Counter({
      name: 'outpost_printer_failures_total',
      help: 'Tries at a print job that failed (printer away, out of paper, an error), by printer',
      labelNames: ['printer'],
      registers,
      collect() {
        this.reset()
        const failures = self()?.board.printing?.failures?.() ?? {}
        for (const [printer, n] of Object.entries(failures)) this.inc({ printer }, n)
      },
    })
  }

  /** The Prometheus text of every metric, services' own included. */
  async text(): Promise<string> {
    return (await this.registry.metrics()) + (await this.services())
  }

  get contentType(): string {
    return this.registry.contentType
  }

  /** The figures services report through the board (the outbox's), each a gauge or counter of its own. */
  private async services(): Promise<string> {
    const node = this.node
    if (node === null) return ''
    const lines: string[] = []
    const seen = new Set<string>()
    for (const sample of await node.board.metricSamples()) {
      // one series per name: a second sample of a name would make the text invalid
      if (!/^outpost_[a-z_]+$/.test(sample.name) || seen.has(sample.name) || !Number.isFinite(sample.value)) continue
      seen.add(sample.name)
      lines.push(`# HELP ${sample.name} ${sample.help.replace(/[\\\n]/g, ' ')}`, `# TYPE ${sample.name} ${sample.type}`)
      lines.push(`${sample.name} ${sample.value}`)
    }
    return lines.length === 0 ? '' : lines.join('\n') + '\n'
  }
}

const SCAN_KINDS = new Set(['person', 'node', 'product', 'location', 'roll', 'unknown'])

/** The label an operation type gets: a known type's canonical name, else 'unknown'. */
export function typeLabel(type: unknown): string {
  if (typeof type !== 'string') return 'unknown'
  const canonical = canonicalOperationType(type)
  return isOperationType(canonical) ? canonical : 'unknown'
}
