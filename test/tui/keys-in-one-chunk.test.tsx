import { render } from 'ink-testing-library'
import { afterEach, expect, it } from 'vitest'
import type { SocketClient } from '../../tui/client/socket-client.js'
import { App } from '../../tui/app.js'
import { waitForFrame } from '../helpers/frames.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { signIn } from '../helpers/tui-sign-in.js'

let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let client: SocketClient
afterEach(async () => {
  client.close()
  await daemon.stop()
})

it('keys that arrive in one chunk (SSH, a quick hand) act one after another: Down, Down, Enter opens the third order', async () => {
  daemon = await startInProcessDaemon()
  client = await daemon.connect()
  await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
  await client.call('catalog.upsert', {
    products: [{ sku: 'POP-NV', name: 'Poplin lacivert', unit: 'm', barcodes: [], attributes: {} }],
    locations: [{ code: 'A-01-1', barcode: null, rack: 'A', bin: '01-1' }],
  })
  await client.call('stock.receive', { product: 'POP-NV', lot: 'L1', location: 'A-01-1', quantity: '40', rolls: 3, printer: null })
  for (const id of ['SO-1', 'SO-2', 'SO-3']) await client.call('orders.create', { id, lines: [{ product: 'POP-NV', quantity: '10' }] })
  const ui = render(<App client={client} burstGapMs={30} />)
  await signIn(ui, 'admin', ADMIN_SECRET)
  await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Administrator'), 'the menu')
  ui.stdin.write('5')
  await waitForFrame(ui.lastFrame, (f) => f.includes('SO-3'), 'the open orders')
  await new Promise((r) => setTimeout(r, 50)) // the screen's key handler registers in an effect
  ui.stdin.write('\u001b[B\u001b[B\r') // one read from the terminal
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('Pick SO-'), 'an order opened')
  expect(/Pick (SO-\d)/.exec(frame)?.[1]).toBe('SO-3')
  ui.unmount()
})
