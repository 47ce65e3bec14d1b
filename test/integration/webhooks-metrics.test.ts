import { spawnSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { eventually } from '../helpers/eventually.js'
import { hasTool, skipReason } from '../helpers/tools.js'
import { WebhookReceiver } from '../helpers/webhook-receiver.js'
import { newSecret, startWebhookSite, stockRoom, type WebhookSite } from '../helpers/webhook-site.js'

// The outbox's figures on /metrics of a real daemon: per endpoint pending and dead letters, as
// `webhooks list` says them, and a scrape that passes `promtool check metrics`.

const promtool = hasTool('promtool', '--version')
let site: WebhookSite | null = null
const receivers: WebhookReceiver[] = []
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close()
  await site?.close()
  site = null
})

/** The value of one sample of a Prometheus text, by its name and label text; null when absent. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '))
  return line === undefined ? null : Number(line.slice(series.length + 1))
}

describe('outbox metrics', { timeout: 120_000 }, () => {
  it(`pending and dead letters per endpoint on /metrics, and the scrape passes promtool${skipReason('promtool', promtool)}`, async () => {
    const [okSecret, downSecret] = [newSecret(), newSecret()]
    const up = new WebhookReceiver([okSecret])
    const down = new WebhookReceiver([downSecret])
    receivers.push(up, down)
    await up.listen()
    await down.listen()
    up.answer = (d) => (d.data['order'] === 'SO-BAD' ? { status: 500 } : { status: 200 })
    // `down` never answers its first delivery (a minute's time limit): its events stay pending
    down.answer = () => 'hang'
    site = await startWebhookSite({
      webhooks: {
        send: true,
        retryMs: [0, 50, 50],
        timeoutMs: 60_000,
        endpoints: [
          { id: 'up', url: up.url, events: ['order.created'], secrets: [okSecret] },
          { id: 'down', url: down.url, events: ['order.created', 'order.cancelled'], secrets: [downSecret] },
        ],
      },
    })
    const s = site
    await stockRoom(s.admin, 1)
    const order = (id: string) =>
      s.admin.call('orders.create', { id, customer: 'CUS-1', lines: [{ product: 'POP-NV', quantity: '1' }], reserve: false })
    await order('SO-1')
    await order('SO-BAD')
    await order('SO-2')
    await eventually(() => up.acked.some((d) => d.data['order'] === 'SO-2'), 'SO-2 at the endpoint that is up')
    const endpoints = JSON.parse(await readFile(join(s.dir, 'endpoints.json'), 'utf8')) as { metrics: string }
    const list = await s.admin.call('webhooks.list')
    const text = await eventually(async () => (await fetch(endpoints.metrics)).text(), 'the dead letter on up', {
      ok: (t) => sample(t, 'outpost_outbox_dead_letters{endpoint="up"}') === 1,
    })
    const down0 = list.endpoints.find((e) => e.id === 'down')!
    expect(sample(text, 'outpost_outbox_pending{endpoint="up"}')).toBe(0)
    expect(sample(text, 'outpost_outbox_pending{endpoint="down"}')).toBeGreaterThanOrEqual(down0.pending)
    expect(sample(text, 'outpost_outbox_pending{endpoint="down"}')).toBeGreaterThan(0)
    expect(sample(text, 'outpost_outbox_cursor{endpoint="up"}')).toBe(list.status.events - 1)
    expect(sample(text, 'outpost_outbox_sending')).toBe(1)
    expect(sample(text, 'outpost_outbox_events')).toBe(list.status.events)
    expect(sample(text, 'outpost_outbox_disabled{endpoint="up"}')).toBe(0)
    expect(text).toMatch(/^outpost_outbox_retry_attempt\{endpoint="down"\} \d+$/m)

    if (!promtool) return
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' })
    expect(check.stdout + check.stderr).toBe('')
    expect(check.status).toBe(0)
  })
})
