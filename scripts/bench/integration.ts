import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Webhook } from 'standardwebhooks'
import { startBenchDaemon } from './bench-daemon.js'
import { percentile, printTable, verdict, type Row } from './table.js'

/** Sizes: small enough for a few minutes on a loaded 2-core machine (seen: 8 helpers' tests beside it). */
const ORDERS = 60
const BULK = 300
const INBOUND = 200

const secret = () => 'whsec_' + randomBytes(32).toString('base64')

/**
 * The integration (docs/integration.md): one daemon, a receiver on loopback that verifies every
 * delivery with the standardwebhooks package, and signed inbound requests.
 * - operation to delivery: an order created over the socket until its order.created reaches the
 *   receiver (target p99 under 1 s), beside the anchor of the same call's own acknowledgement;
 * - deliveries per second: an endpoint added with `from: first` over every event so far;
 * - inbound requests per second, 8 at a time, beside GET /events (no write) as the anchor.
 */
export async function benchIntegration(bin: string): Promise<void> {
  const outSecret = secret()
  /** The secret each receiving path verifies with (the bulk endpoint's comes from webhooks.add). */
  const secrets = new Map<string, string>([['/live', outSecret]])
  const inSecret = secret()
  const arrivals = new Map<string, number>()
  let refused = 0
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      try {
        const body = new Webhook(secrets.get(req.url ?? '') ?? outSecret).verify(
          Buffer.concat(chunks),
          req.headers as Record<string, string>,
        ) as {
          data: { order?: string }
        }
        arrivals.set(`${req.url}|${String(req.headers['webhook-id'])}`, performance.now())
        if (body.data.order !== undefined) arrivals.set(`${req.url}|order:${body.data.order}`, performance.now())
        res.writeHead(200).end()
      } catch {
        refused++
        res.writeHead(400).end()
      }
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
  const dir = await mkdtemp(join(tmpdir(), 'op-bench-int-'))
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({
      // short waits: the bulk endpoint's first try may come before the bench knows its secret
      webhooks: {
        send: true,
        retryMs: [0, 50, 100, 200, 500, 1000, 2000, 5000],
        endpoints: [{ id: 'live', url: `${url}/live`, events: ['order.created'], secrets: [outSecret] }],
      },
      integration: { port: 0, secrets: [inSecret], readToken: 'bench-token-' + 'x'.repeat(20) },
    }),
  )
  const daemon = await startBenchDaemon(bin, dir, ['--no-network'])
  const client = await daemon.connect()
  const rows: Row[] = []
  try {
    await client.call('session.signIn', { person: 'admin', pin: daemon.adminSecret! })
    await client.call('catalog.upsert', { products: [{ sku: 'P', name: 'Poplin', unit: 'm', barcodes: [], attributes: {} }] })

    // operation to delivery, the receiver up
    const acks: number[] = []
    const deliveries: number[] = []
    /** From the socket's acknowledgement to the arrival: the outbox's own part (wake, read, sign, POST). */
    const afterAck: number[] = []
    for (let i = 0; i < ORDERS; i++) {
      const id = `L-${i}`
      const t0 = performance.now()
      await client.call('orders.create', { id, lines: [{ product: 'P', quantity: '1' }], reserve: false })
      acks.push(performance.now() - t0)
      const deadline = Date.now() + 30_000
      while (!arrivals.has(`/live|order:${id}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1))
      if (!arrivals.has(`/live|order:${id}`)) throw new Error(`order ${id} was not delivered within 30 s`)
      deliveries.push(arrivals.get(`/live|order:${id}`)! - t0)
      afterAck.push(Math.max(0, arrivals.get(`/live|order:${id}`)! - t0 - acks.at(-1)!))
    }
    afterAck.sort((a, b) => a - b)
    acks.sort((a, b) => a - b)
    deliveries.sort((a, b) => a - b)
    const p50 = percentile(deliveries, 50)
    const p99 = percentile(deliveries, 99)
    rows.push(
      {
        measure: `operation to delivery p50 (${ORDERS} orders)`,
        value: `${p50.toFixed(0)} ms`,
        target: '< 1 s',
        verdict: verdict(p50 < 1000),
      },
      { measure: 'operation to delivery p99', value: `${p99.toFixed(0)} ms`, target: '< 1 s', verdict: verdict(p99 < 1000) },
      {
        measure: 'anchor: the socket call acknowledged, p50',
        value: `${percentile(acks, 50).toFixed(0)} ms`,
        target: `delivery ${(p50 / percentile(acks, 50)).toFixed(1)}x of it`,
        verdict: '',
      },
      { measure: 'anchor: the socket call acknowledged, p99', value: `${percentile(acks, 99).toFixed(0)} ms`, target: '', verdict: '' },
      {
        measure: 'acknowledged to delivered (the outbox), p50 / p99',
        value: `${percentile(afterAck, 50).toFixed(0)} / ${percentile(afterAck, 99).toFixed(0)} ms`,
        target: '',
        verdict: '',
      },
    )

    // deliveries per second: a new endpoint catching up over 1,000 events in the log
    const drafts = Array.from({ length: BULK }, (_, i) => ({
      type: 'orders.create',
      payload: { id: `B-${i}`, customer: null, lines: [{ sku: 'P', quality: null, color: null, milli: 1000 }] },
    }))
    await client.call('ops.submit', { ops: drafts })
    const added = await client.call('webhooks.add', { url: `${url}/bulk`, events: ['order.created'], from: 'first' })
    secrets.set('/bulk', added.secret)
    const t1 = performance.now()
    const total = (await client.call('system.status')).webhooks!.events
    const bulk = () => [...arrivals.keys()].filter((k) => k.startsWith('/bulk|evt_')).length
    const deadline = Date.now() + 120_000
    while (bulk() < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
    if (bulk() < total) throw new Error(`only ${bulk()} of ${total} events delivered in 2 minutes`)
    const perSecond = total / ((performance.now() - t1) / 1000)
    rows.push({ measure: `deliveries/s, ${total} events to one endpoint`, value: perSecond.toFixed(0), target: '', verdict: '' })

    // inbound requests per second, 8 at a time
    const base = `http://${(await client.call('system.status')).webhooks!.inbound!}`
    const inbound = async (i: number) => {
      const id = 'msg_' + randomUUID()
      const body = JSON.stringify({ type: 'customer.created', data: { code: `C-${i}`, name: `Customer ${i}` } })
      const now = new Date()
      const res = await fetch(`${base}/webhooks`, {
        method: 'POST',
        headers: {
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': new Webhook(inSecret).sign(id, now, body),
        },
        body,
      })
      if (res.status !== 200) throw new Error(`inbound answered ${res.status}: ${await res.text()}`)
    }
    const reads = async () => {
      const res = await fetch(`${base}/events?after=${ORDERS}&limit=10`, {
        headers: { authorization: 'Bearer bench-token-' + 'x'.repeat(20) },
      })
      await res.arrayBuffer()
    }
    const rate = async (n: number, one: (i: number) => Promise<void>) => {
      let next = 0
      const t = performance.now()
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < n) await one(next++)
        }),
      )
      return n / ((performance.now() - t) / 1000)
    }
    const writes = await rate(INBOUND, inbound)
    const anchor = await rate(INBOUND, reads)
    rows.push(
      {
        measure: 'inbound webhooks/s (customer.created, 8 at a time)',
        value: writes.toFixed(0),
        target: `${(writes / anchor).toFixed(2)}x of GET /events`,
        verdict: '',
      },
      { measure: 'anchor: GET /events requests/s', value: anchor.toFixed(0), target: '', verdict: '' },
      { measure: 'deliveries the receiver could not verify', value: String(refused), target: '0', verdict: verdict(refused === 0) },
    )
  } finally {
    client.close()
    await daemon.stop()
    receiver.close()
    await rm(dir, { recursive: true, force: true })
  }
  printTable('integration: webhook outbox and inbound (npm run bench integration)', rows)
}
