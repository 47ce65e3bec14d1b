import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.js'
import { signedIn, startDaemonProcess } from '../helpers/daemon-process.js'
import { eventually } from '../helpers/eventually.js'
import { MeshSite, sameView } from '../helpers/mesh-site.js'
import { WebhookReceiver } from '../helpers/webhook-receiver.js'
import { newSecret } from '../helpers/webhook-site.js'

// The sending node away (docs/integration.md, "When the sending node is away"): two daemons in
// their own processes on loopback, alpha the sender. While alpha is stopped, bravo goes on taking
// orders and sends nothing; its status says alpha is away. Back, alpha sends what bravo took, in
// log order, each once, every delivery verified with the standardwebhooks package.

let site: MeshSite | null = null
let receiver: WebhookReceiver | null = null
afterEach(async () => {
  await receiver?.close()
  await site?.close()
  site = null
  receiver = null
})

describe('webhooks: the sending node away', { timeout: 180_000 }, () => {
  it('nothing is sent while it is away, status elsewhere says so, and nothing is lost when it is back', async () => {
    const secret = newSecret()
    const r = new WebhookReceiver([secret])
    receiver = r
    await r.listen()
    const s = new MeshSite()
    site = s
    const webhooks = {
      send: true,
      retryMs: [0, 100, 200],
      endpoints: [{ id: 'erp', url: r.url, events: ['order.created'], secrets: [secret] }],
    }
    const a = await s.found('alpha', [], {}, { webhooks })
    const b = await s.pairDirect(a, 'bravo')
    await s.until((st) => sameView(st) && st.every((x) => x.node.writable && x.webhooks?.sender === st[0]!.node.key), 'bravo writable')
    const bravo = await signedIn(b.daemon, 'admin', s.adminSecret)
    try {
      await bravo.call('catalog.upsert', { products: [{ sku: 'P', name: 'Poplin', unit: 'm', barcodes: [], attributes: {} }] })
      const order = (id: string) => bravo.call('orders.create', { id, lines: [{ product: 'P', quantity: '1' }], reserve: false })
      await order('SO-1')
      await eventually(() => r.acked.length, 'SO-1 sent by alpha', { ok: (n) => n === 1 })
      const onBravo = await bravo.call('system.status')
      expect(onBravo.webhooks).toMatchObject({ here: false, senderPeer: { online: true } })

      expect(await a.daemon.stop()).toBe(0)
      await eventually(async () => (await bravo.call('system.status')).webhooks?.senderPeer, 'bravo to see alpha away', {
        ok: (p) => p?.online === false,
      })
      const cli = await runCli(['--data-dir', b.dir, 'status'])
      expect(cli.stdout).toMatch(
        /webhooks +node \S+ [0-9a-f]{12}… \(not this one\), AWAY \(last heard \d+ s ago\): nothing is sent until it is back/,
      )
      for (const id of ['SO-2', 'SO-3', 'SO-4']) await order(id)
      // bravo has the endpoint nowhere and is not the sender: nothing goes out meanwhile
      expect(r.seen.map((d) => d.data['order'])).toEqual(['SO-1'])

      a.daemon = await startDaemonProcess(a.dir, { args: a.args })
      await eventually(() => r.acked.length, 'what bravo took, sent by alpha once back', { ok: (n) => n >= 4 })
      const events = await bravo.call('events.list', { limit: 100 })
      expect(r.acked.map((d) => d.data['order'])).toEqual(['SO-1', 'SO-2', 'SO-3', 'SO-4'])
      expect(r.acked.map((d) => d.seq)).toEqual(events.map((e) => e.seq))
      expect(new Set(r.acked.map((d) => d.id)).size).toBe(4)
      expect(r.refused).toEqual([])
    } finally {
      bravo.close()
    }
  })
})
