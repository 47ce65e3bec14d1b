import { render } from 'ink-testing-library'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { createLogger } from '../../daemon/logger.js'
import { Outbox } from '../../daemon/outbox/outbox.js'
import { App } from '../../tui/app.js'
import { eventually } from '../helpers/eventually.js'
import { waitForFrame } from '../helpers/frames.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { signIn } from '../helpers/tui-sign-in.js'
import { WebhookReceiver } from '../helpers/webhook-receiver.js'
import { newSecret } from '../helpers/webhook-site.js'

let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let outbox: Outbox
let receiver: WebhookReceiver
let client: SocketClient
let dir: string

beforeEach(async () => {
  daemon = await startInProcessDaemon()
  const secret = newSecret()
  receiver = new WebhookReceiver([secret])
  await receiver.listen()
  dir = await mkdtemp(join(tmpdir(), 'op-tui-wh-'))
  const config = {
    send: true,
    endpoints: [{ id: 'erp', url: receiver.url, events: ['order.created'], secrets: [secret], from: 'first' as const }],
    retryMs: [0, 20],
    timeoutMs: 2000,
    lowStock: {},
  }
  outbox = new Outbox(daemon.node, config, dir, createLogger('silent'))
  await outbox.open()
  client = await daemon.connect()
})
afterEach(async () => {
  client.close()
  await outbox.close()
  await receiver.close()
  await daemon.stop()
  await rm(dir, { recursive: true, force: true })
})

describe('the Webhooks screen', { timeout: 120_000 }, () => {
  it('shows which node sends and the dead letters, and sends one again with r', async () => {
    receiver.answer = () => ({ status: 503 })
    await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
    await client.call('catalog.upsert', { products: [{ sku: 'P', name: 'Poplin', unit: 'm', barcodes: [], attributes: {} }] })
    await client.call('orders.create', { id: 'SO-9', lines: [{ product: 'P', quantity: '1' }], reserve: false })
    await eventually(async () => (await client.call('webhooks.dead', {})).length, 'the dead letter', { ok: (n) => n === 1 })

    const ui = render(<App client={client} burstGapMs={30} />)
    await signIn(ui, 'admin', ADMIN_SECRET)
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Administrator'), 'the menu')
    // past the numbers, with the arrow and Enter: the help overlay first, so the menu's keys are surely live
    ui.stdin.write('?')
    await waitForFrame(ui.lastFrame, (f) => f.includes('next item'), 'the help')
    ui.stdin.write('\u001B')
    await waitForFrame(ui.lastFrame, (f) => f.includes('11  Webhooks') && !f.includes('next item'), 'the menu again')
    for (let i = 0; i < 10; i++) {
      // the arrow, not j: letters that come this fast are read as a scan
      ui.stdin.write('\u001B[B')
      await new Promise((r) => setImmediate(r))
    }
    ui.stdin.write('\r')
    const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('Dead letters') && f.includes('HTTP 503'), 'the dead letter on screen')
    expect(frame).toMatch(/This node sends: 1 events, 0 behind, 1 dead letters/)
    expect(frame).toMatch(/erp .* order\.created .* event +0 +2 tries +HTTP 503/)

    receiver.answer = () => ({ status: 200 })
    ui.stdin.write('r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('1 dead letter queued to send again'), 'the retry queued')
    await eventually(() => receiver.acked.length, 'the retried delivery', { ok: (n) => n === 1 })
    await waitForFrame(ui.lastFrame, (f) => /Dead letters\s+None\./.test(f), 'no dead letters left')
    ui.unmount()
  })
})
