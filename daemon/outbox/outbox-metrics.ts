import { Gauge, type Registry } from 'prom-client'
import type { EndpointView, WebhooksStatus } from '../../protocol/index.js'
import type { WebhooksReport } from '../status-board.js'

/**
 * The outbox's figures on /metrics (daemon/metrics.ts), read from `node.board.webhooks` at scrape
 * time, as `outpost status` reads them. Per endpoint, labelled by its id (an admin's name, at most
 * a few dozen). A node without an outbox (or not the sender, with no endpoints) shows only the
 * site-wide gauges. Alert on `outpost_outbox_dead_letters > 0` and on `outpost_outbox_pending`
 * growing while `outpost_outbox_sending == 1`.
 */
export function outboxMetrics(registers: Registry[], report: () => WebhooksReport | null): void {
  /** One read per scrape for all the gauges: status and endpoints, from the same moment. */
  let scrape: Promise<{ status: WebhooksStatus; endpoints: EndpointView[] } | null> | null = null
  const read = () => {
    scrape ??= (async () => {
      const r = report()
      if (r === null) return null
      const [status, endpoints] = await Promise.all([r.status(), r.endpoints()])
      return { status, endpoints }
    })().finally(() => setImmediate(() => (scrape = null)))
    return scrape
  }
  const perEndpoint = (name: string, help: string, value: (e: EndpointView) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['endpoint'],
      registers,
      async collect() {
        this.reset()
        for (const e of (await read())?.endpoints ?? []) this.set({ endpoint: e.id }, value(e))
      },
    })
  perEndpoint('outpost_outbox_pending', "Site events after the endpoint's cursor, not yet acknowledged nor dead", (e) => e.pending)
  perEndpoint('outpost_outbox_dead_letters', 'Deliveries that failed every try, kept in the dead letters', (e) => e.dead)
  perEndpoint('outpost_outbox_cursor', 'The seq of the last event through (acknowledged or dead); -1: none', (e) => e.cursor)
  perEndpoint(
    'outpost_outbox_retry_attempt',
    'The try due next of the message being retried (1: the second); 0: none',
    (e) => e.retrying?.attempt ?? 0,
  )
  perEndpoint('outpost_outbox_disabled', 'Whether the endpoint is off (the receiver answered 410 Gone)', (e) =>
    e.disabled === null ? 0 : 1,
  )
  new Gauge({
    name: 'outpost_outbox_sending',
    help: "Whether this node is the site's webhook sender (1) or not (0)",
    registers,
    async collect() {
      const r = await read()
      if (r !== null) this.set(r.status.here ? 1 : 0)
    },
  })
  new Gauge({
    name: 'outpost_outbox_events',
    help: 'Site events folded on this node (events.list), the sequence the cursors count in',
    registers,
    async collect() {
      const r = await read()
      if (r !== null) this.set(r.status.events)
    },
  })
}
