import { render } from 'ink-testing-library'
import { afterEach, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
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

async function start(): Promise<void> {
  daemon = await startInProcessDaemon()
  client = await daemon.connect()
  await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
}

it('keys that arrive in one chunk (SSH, a quick hand) act one after another: Down, Down, Enter opens the third order', async () => {
  await start()
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

it('typing that arrives in one read looks like a scan, and still lands: a PIN, then a lot, a quantity and a count of rolls', async () => {
  await start()
  await client.call('catalog.upsert', {
    products: [{ sku: 'POP-NV', name: 'Poplin lacivert', unit: 'm', barcodes: ['8690000000011'], attributes: {} }],
    locations: [{ code: 'A-01-1', barcode: 'LOC-A011', rack: 'A', bin: '01-1' }],
  })
  const ui = render(<App client={client} burstGapMs={30} />)
  await waitForFrame(ui.lastFrame, (f) => f.includes('Sign in'), 'the sign-in screen')
  const settle = () => new Promise((r) => setTimeout(r, 50))
  await settle()
  ui.stdin.write('admin\r') // a badge scan, or the id typed in one read: the person either way
  await waitForFrame(ui.lastFrame, (f) => f.includes('PIN'), 'the PIN field')
  await settle()
  ui.stdin.write(`${ADMIN_SECRET}\r`) // the PIN typed in one read: a PIN, not a badge
  await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Administrator'), 'signed in')
  ui.stdin.write('4')
  await waitForFrame(ui.lastFrame, (f) => f.includes('Receive') && f.includes('Product'), 'the receive screen')
  await settle()
  ui.stdin.write('8690000000011\r') // a real scan: the product
  await waitForFrame(ui.lastFrame, (f) => f.includes('Poplin lacivert (m)'), 'the product')
  await settle()
  ui.stdin.write('L-300\r') // typed in one read: not a code of the site, so the lot
  await waitForFrame(ui.lastFrame, (f) => f.includes('[L-300'), 'the lot')
  await settle()
  ui.stdin.write('LOC-A011\r') // a real scan: the location
  await settle()
  ui.stdin.write('12.5\r') // the quantity typed in one read
  await waitForFrame(ui.lastFrame, (f) => f.includes('[12.5'), 'the quantity')
  await settle()
  ui.stdin.write('4\r')
  await waitForFrame(ui.lastFrame, (f) => f.includes('received 4 × 12.5 m'), 'the receipt')
  expect(ui.lastFrame()).not.toContain('not a product or a location')
  ui.unmount()
})
