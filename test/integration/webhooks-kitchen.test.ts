import { afterEach, describe, expect, it } from 'vitest'
import { setUpKitchen } from '../helpers/kitchen-daemon.js'
import { runCli } from '../helpers/cli.js'
import { eventually } from '../helpers/eventually.js'
import { WebhookReceiver } from '../helpers/webhook-receiver.js'
import { newSecret, startWebhookSite, type WebhookSite } from '../helpers/webhook-site.js'

// The kitchen's events through the outbox: a real daemon in its own process, a receiver on
// loopback that verifies every delivery with the standardwebhooks package.

const KITCHEN = ['ticket.created', 'ticket.ready', 'ticket.served', 'ticket.cancelled', 'shift.opened', 'shift.closed']
let site: WebhookSite | null = null
let receiver: WebhookReceiver | null = null
afterEach(async () => {
  await receiver?.close()
  await site?.close()
  site = null
  receiver = null
})

describe('the kitchen through the webhook outbox', { timeout: 120_000 }, () => {
  it('a ticket fired, ready, served; another cancelled with a reason; the shift opened and closed: each verified, in log order', async () => {
    const secret = newSecret()
    receiver = new WebhookReceiver([secret])
    await receiver.listen()
    site = await startWebhookSite({
      webhooks: { send: true, retryMs: [0, 100, 200], endpoints: [{ id: 'pos', url: receiver.url, events: KITCHEN, secrets: [secret] }] },
    })
    const { admin } = site
    await setUpKitchen(admin)
    await admin.call('tickets.fire', { id: 'T1', label: 'table 4', shift: 'lunch', items: [{ item: 'burger', qty: 2 }, { item: 'salad' }] })
    await admin.call('tickets.bump', { ticket: 'T1', station: 'grill' })
    await admin.call('tickets.bump', { ticket: 'T1', station: 'cold' })
    await admin.call('tickets.bump', { ticket: 'T1', station: 'expo' })
    await admin.call('tickets.fire', { id: 'T2', label: 'Ana', shift: 'lunch', items: [{ item: 'salad' }] })
    await admin.call('tickets.cancel', { ticket: 'T2', reason: 'customer left' })
    await admin.call('shifts.checkOut', { shift: 'lunch' })

    const expected = (await admin.call('events.list', { limit: 1000 })).filter((e) => KITCHEN.includes(e.type))
    expect(expected.map((e) => e.type)).toEqual([
      'shift.opened',
      'ticket.created',
      'ticket.ready',
      'ticket.served',
      'ticket.created',
      'ticket.cancelled',
      'shift.closed',
    ])
    const r = receiver
    await eventually(() => r.acked.length, 'every kitchen event delivered', { ok: (n) => n >= expected.length })
    expect(r.refused).toEqual([])
    expect(r.acked.map((d) => [d.type, d.seq])).toEqual(expected.map((e) => [e.type, e.seq]))
    expect(new Set(r.acked.map((d) => d.id)).size).toBe(expected.length)
    const [opened, created, ready, served, , cancelled, closed] = r.acked.map((d) => d.data)
    expect(opened).toMatchObject({ shift: 'lunch', kind: 'truck', who: 'Truck 1' })
    expect(created).toMatchObject({
      ticket: 'T1',
      label: 'table 4',
      shift: 'lunch',
      items: [expect.objectContaining({ item: 'burger', qty: 2, station: 'grill' }), expect.objectContaining({ item: 'salad', qty: 1 })],
    })
    expect(ready).toMatchObject({ ticket: 'T1', shift: 'lunch' })
    expect(served).toMatchObject({ ticket: 'T1', cents: 2 * 1250 + 700 })
    expect(cancelled).toMatchObject({ ticket: 'T2', reason: 'customer left', by: 'admin' })
    expect(closed).toMatchObject({ shift: 'lunch' })

    // the CLI takes the kitchen's names, and says which names there are when one is wrong
    const env = { OUTPOST_PIN: site.adminSecret }
    const other = new WebhookReceiver([])
    await other.listen()
    try {
      const added = await runCli(
        ['--data-dir', site.dir, 'webhooks', 'add', other.url, '--events', 'ticket.cancelled,shift.closed', '--as', 'admin'],
        env,
      )
      expect(added.code, added.stderr).toBe(0)
      const wrong = await runCli(['--data-dir', site.dir, 'webhooks', 'add', other.url, '--events', 'ticket.eaten', '--as', 'admin'], env)
      expect(wrong.code).toBe(2)
      expect(wrong.stderr).toMatch(/unknown event type ticket.eaten: .*ticket.served/)
    } finally {
      await other.close()
    }
  })
})
