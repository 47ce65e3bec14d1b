import { render } from 'ink-testing-library'
import { beforeEach, describe, expect, it } from 'vitest'
import { App } from '../../tui/app.js'
import type { SocketClient } from '../../client/socket-client.js'
import { waitForFrame } from '../helpers/frames.js'
import { ADMIN_SECRET, adminDaemonForEachTest } from '../helpers/in-process-daemon.js'
import { openMenuItem } from '../helpers/menu-item.js'
import { signIn } from '../helpers/tui-sign-in.js'

const admin = adminDaemonForEachTest()
let client: SocketClient
let rolls: string[]

beforeEach(async () => {
  client = admin.client
  await client.call('catalog.upsert', {
    products: [{ sku: 'POP-NV', name: 'Poplin lacivert', unit: 'm', barcodes: [], attributes: {} }],
    locations: [
      { code: 'A-01-1', barcode: 'LOC-A011', rack: 'A', bin: '01-1' },
      { code: 'B-02-1', barcode: 'LOC-B021', rack: 'B', bin: '02-1' },
    ],
  })
  rolls = (
    await client.call('stock.receive', { product: 'POP-NV', lot: 'L2026-114', location: 'A-01-1', quantity: '40', rolls: 3, printer: null })
  ).rolls
  await client.call('orders.create', { id: 'SO-7', lines: [{ product: 'POP-NV', quantity: '40' }], reserve: false })
  await client.call('picking.scan', { order: 'SO-7', location: 'A-01-1', roll: rolls[2]! })
})

describe('the Move screen', () => {
  it('gathers scanned rolls, refuses a picked one and a shelf before any roll, and moves the list to the scanned shelf', async () => {
    const ui = render(<App client={client} burstGapMs={30} />)
    await signIn(ui, 'admin', ADMIN_SECRET)
    await openMenuItem(ui, 'Move rolls')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Scan the rolls to move.'), 'the Move screen')
    await new Promise((r) => setTimeout(r, 50)) // the screen's scan handler registers in an effect (as keys-in-one-chunk.test.tsx)

    ui.stdin.write('LOC-B021\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('✗ scan the rolls first'), 'a shelf before any roll refused')
    ui.stdin.write(`${rolls[2]}\r`)
    await waitForFrame(ui.lastFrame, (f) => f.includes(`roll ${rolls[2]} was picked for order SO-7`), 'a picked roll refused')
    ui.stdin.write(`${rolls[0]}\r`)
    ui.stdin.write(`${rolls[1]}\r`)
    const listed = await waitForFrame(ui.lastFrame, (f) => f.includes('2 rolls on the list'), 'two rolls on the list')
    // the lot is whole, with its shelf
    expect(listed).toContain('L2026-114')
    expect(listed).toContain('A-01-1')
    ui.stdin.write('x')
    await waitForFrame(ui.lastFrame, (f) => f.includes(`${rolls[1]} taken off the list`) && f.includes('1 roll on the list'), 'x drops one')
    ui.stdin.write(`${rolls[1]}\r`)
    await waitForFrame(ui.lastFrame, (f) => f.includes('2 rolls on the list'), 'back on the list')
    ui.stdin.write('LOC-B021\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('✓ moved 2 rolls to B-02-1') && f.includes('0 rolls on the list'), 'the move')
    const atB = await client.call('stock.rolls', { location: 'B-02-1' })
    expect(atB.map((r) => r.code).sort()).toEqual([rolls[0], rolls[1]].sort())
    ui.unmount()
  })
})
