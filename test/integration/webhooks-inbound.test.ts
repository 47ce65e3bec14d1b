import { randomUUID } from 'node:crypto'
import { connect } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../helpers/eventually.js'
import { WebhookReceiver } from '../helpers/webhook-receiver.js'
import { newSecret, startWebhookSite, stockRoom, type WebhookSite } from '../helpers/webhook-site.js'

// The inbound HTTP endpoint of a real daemon in its own process, on loopback: what the ERP/CRM
// sends is verified the Standard Webhooks way, applied once, and answered 2xx only once in the log.

const SECRET = newSecret()
const TOKEN = 'read-token-' + 'x'.repeat(24)
let site: WebhookSite
let receiver: WebhookReceiver
let base: string
let rolls: string[]

beforeAll(async () => {
  const outSecret = newSecret()
  receiver = new WebhookReceiver([outSecret])
  await receiver.listen()
  site = await startWebhookSite({
    webhooks: {
      send: true,
      retryMs: [0, 100, 200],
      endpoints: [{ id: 'erp', url: receiver.url, events: ['order.fulfilled'], secrets: [outSecret] }],
    },
    integration: {
      port: 0,
      secrets: [SECRET],
      readToken: TOKEN,
      maxBodyBytes: 4096,
      requestTimeoutMs: 1500,
      availability: { low: 100, thresholds: [{ quality: 'A', color: 'siyah', low: 10 }] },
    },
  })
  rolls = await stockRoom(site.admin, 4)
  base = `http://${(await site.admin.call('system.status')).webhooks!.inbound!}`
}, 120_000)
afterAll(async () => {
  await receiver.close()
  await site.close()
})

interface Sent {
  status: number
  body: { error?: string; duplicate?: boolean; ops?: string[] }
}

async function send(type: string, data: unknown, opts: { id?: string; secret?: string; age?: number; body?: string } = {}): Promise<Sent> {
  const id = opts.id ?? 'msg_' + randomUUID()
  const body = opts.body ?? JSON.stringify({ type, timestamp: new Date().toISOString(), data })
  const at = new Date(Date.now() - (opts.age ?? 0) * 1000)
  const headers = {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(opts.secret ?? SECRET).sign(id, at, body),
  }
  const res = await fetch(`${base}/webhooks`, { method: 'POST', headers, body })
  return { status: res.status, body: (await res.json()) as Sent['body'] }
}

const fromOutside = async () =>
  (await site.admin.call('audit.list', { person: 'integration', limit: 1000 })).filter((e) => e.status === 'applied')

describe('inbound webhooks', { timeout: 120_000 }, () => {
  it('customer.created and product.updated land as operations of the integration person', async () => {
    expect(await send('customer.created', { code: 'CUS-9', name: 'Yeni Tekstil' })).toMatchObject({ status: 200 })
    const product = { sku: 'POP-NV', name: 'Poplin lacivert 2', unit: 'm', attributes: { quality: 'A', color: 'lacivert' } }
    expect(await send('product.updated', product)).toMatchObject({ status: 200 })
    const resolved = await site.admin.call('scan.resolve', { code: 'POP-NV' })
    expect(resolved).toMatchObject({ kind: 'product', product: { name: 'Poplin lacivert 2' } })
    const types = (await fromOutside()).map((e) => e.type)
    expect(types).toEqual(expect.arrayContaining(['catalog.partners.upsert', 'catalog.products.upsert', 'webhooks.received']))
    const people = await site.admin.call('people.list')
    expect(people.find((p) => p.id === 'integration')).toMatchObject({ role: 'integration', active: true })
  })

  it('refuses stale, forged, unknown, oversized and malformed requests with a clear status and line, applying nothing', async () => {
    const before = (await fromOutside()).length
    const customer = { code: 'CUS-X', name: 'Never' }
    const cases: Array<[Promise<Sent>, number, RegExp]> = [
      [send('customer.created', customer, { age: 6 * 60 }), 401, /older than 5 minutes/],
      [send('customer.created', customer, { secret: newSecret() }), 401, /signature does not match/],
      [send('invoice.paid', customer), 422, /unknown type invoice.paid: this site takes customer.created/],
      [send('customer.created', { ...customer, name: 'x'.repeat(5000) }), 413, /at most 4096/],
      [send('customer.created', null, { body: '{"type": "customer.created", ' }), 400, /not JSON/],
      [send('customer.created', { code: 'bad code!', name: 'N' }), 422, /customer.created: data.code: a partner code/],
      [send('deal.won', { id: 'D-1', lines: [{ product: 'NOPE', quantity: 1 }] }), 422, /data.lines.0: NOPE is not a product/],
    ]
    for (const [sent, status, message] of cases) {
      const { status: got, body } = await sent
      expect([got, body.error]).toEqual([status, expect.stringMatching(message)])
    }
    const unsigned = await fetch(`${base}/webhooks`, { method: 'POST', body: '{}' })
    expect([unsigned.status, ((await unsigned.json()) as Sent['body']).error]).toEqual([400, expect.stringMatching(/missing webhook-id/)])
    expect((await fromOutside()).length).toBe(before)
  })

  it('a repeated webhook-id is answered 2xx and applied once, also in parallel and after a restart', async () => {
    const id = 'msg_repeat_' + randomUUID()
    const data = { code: 'CUS-R', name: 'Repeat Ltd' }
    const first = await send('customer.created', data, { id })
    expect(first).toMatchObject({ status: 200, body: { ops: expect.any(Array) } })
    expect(await send('customer.updated', data, { id })).toMatchObject({ status: 200, body: { duplicate: true } })

    const parallelId = 'msg_parallel_' + randomUUID()
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => send('customer.created', { code: 'CUS-P', name: 'Parallel' }, { id: parallelId })),
    )
    for (const a of answers) expect([200, 409]).toContain(a.status)
    expect(answers.filter((a) => a.body.ops !== undefined)).toHaveLength(1)

    await site.restart()
    base = `http://${(await site.admin.call('system.status')).webhooks!.inbound!}`
    expect(await send('customer.created', data, { id })).toMatchObject({ status: 200, body: { duplicate: true } })
    const received = (await fromOutside()).filter((e) => e.type === 'webhooks.received')
    const opsOf = new Set(received.map((e) => e.id))
    expect(opsOf.size).toBe(received.length)
    const audit = await site.admin.call('audit.list', { type: 'webhooks.received', limit: 1000 })
    expect(audit.filter((e) => e.status === 'applied')).toHaveLength(received.length)
    expect(audit.filter((e) => e.status === 'rejected')).toEqual([])
  })

  it('a request that dribbles in is cut off (408) while others are served', async () => {
    const socket = connect(Number(base.split(':').at(-1)), '127.0.0.1')
    const answer = new Promise<string>((resolve) => {
      let text = ''
      socket.on('data', (c) => (text += c.toString()))
      socket.on('close', () => resolve(text))
    })
    socket.write('POST /webhooks HTTP/1.1\r\nHost: x\r\nwebhook-id: msg_slow')
    expect(await send('customer.created', { code: 'CUS-S', name: 'Served meanwhile' })).toMatchObject({ status: 200 })
    expect(await answer).toMatch(/^HTTP\/1.1 408/)
  })

  it('reconcile: events after a cursor, balances and masked availability, behind a bearer token', async () => {
    await site.admin.call('orders.create', { id: 'SO-R', lines: [{ product: 'POP-NV', quantity: '1' }], reserve: false })
    await site.admin.call('orders.cancel', { order: 'SO-R', reason: 'test' })
    const noToken = await fetch(`${base}/events`)
    expect([noToken.status, ((await noToken.json()) as Sent['body']).error]).toEqual([401, 'missing or wrong bearer token'])
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })
      return { status: res.status, body: await res.json() }
    }
    const viaSocket = await site.admin.call('integration.balances', { sku: 'POP-NV' })
    expect(await get('/balances?sku=POP-NV')).toEqual({ status: 200, body: viaSocket })
    expect(viaSocket.balances).toEqual([expect.objectContaining({ sku: 'POP-NV', location: 'A-01', milli: 200_000 })])
    const events = (await get('/events?after=-1')).body as Array<{ seq: number }>
    expect((await get(`/events?after=${events.length - 2}`)).body).toEqual(events.slice(-1))
    expect((await get('/events?after=x')).status).toBe(400)
    // 200 m free of lacivert against the default 100: available; siyah has none: out
    expect((await get('/availability?quality=A&color=lacivert')).body).toEqual({
      quality: 'A',
      color: 'lacivert',
      sku: null,
      state: 'available',
    })
    expect((await get('/availability?quality=A&color=siyah')).body).toMatchObject({ state: 'out' })
    expect(await site.admin.call('integration.availability', { sku: 'POP-NV' })).toMatchObject({ state: 'available' })
    expect((await get('/nowhere')).status).toBe(404)
  })

  it('end to end: a won deal becomes an order with rolls held; its fulfilment goes out as order.fulfilled with exactly those rolls', async () => {
    const won = await send('deal.won', { id: 'CRM-77', customer: 'CUS-1', lines: [{ product: 'POP-NV', quantity: 60 }] })
    expect(won.status, won.body.error).toBe(200)
    const order = (await site.admin.call('orders.list', { state: 'open' })).find((o) => o.id === 'CRM-77')!
    expect(order).toMatchObject({ createdBy: 'integration', customer: 'CUS-1', held: [rolls[0], rolls[1]] })
    // availability now counts what is held: 100 m free of 200
    expect(await site.admin.call('integration.availability', { quality: 'A', color: 'lacivert' })).toMatchObject({ state: 'available' })
    for (const roll of order.held) await site.admin.call('picking.scan', { order: 'CRM-77', location: 'A-01', roll })
    await site.admin.call('orders.fulfil', { order: 'CRM-77' })
    const fulfilled = await eventually(
      () => receiver.acked.find((d) => d.type === 'order.fulfilled' && d.data['order'] === 'CRM-77'),
      'order.fulfilled',
    )
    expect(fulfilled!.data['rolls']).toEqual(
      [rolls[0], rolls[1]].map((code) => ({ code, sku: 'POP-NV', lot: 'L1', location: 'A-01', milli: 50_000 })),
    )
    expect(receiver.refused).toEqual([])
  })
})
