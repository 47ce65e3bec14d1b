import { render } from 'ink-testing-library'
import { beforeEach, describe, expect, it } from 'vitest'
import { App } from '../../tui/app.js'
import type { SocketClient } from '../../client/socket-client.js'
import { waitForFrame } from '../helpers/frames.js'
import { ADMIN_SECRET, adminDaemonForEachTest } from '../helpers/in-process-daemon.js'
import { signIn } from '../helpers/tui-sign-in.js'

const admin = adminDaemonForEachTest()
let client: SocketClient
let roll: string

/**
 * A roll shipped with SO-8, then listed again by another node's shipment for SO-9 (what two
 * nodes apart leave after they meet): one left-twice conflict, and the negative balance it made.
 */
beforeEach(async () => {
  client = admin.client
  await client.call('catalog.upsert', {
    products: [{ sku: 'POP-NV', name: 'Poplin lacivert', unit: 'm', barcodes: [], attributes: { quality: 'A', color: 'lacivert' } }],
    locations: [{ code: 'B-02-1', barcode: 'LOC-B021', rack: 'B', bin: '02-1' }],
  })
  ;[roll] = (await client.call('stock.receive', { product: 'POP-NV', lot: 'L2', location: 'B-02-1', quantity: '40', printer: null }))
    .rolls as [string]
  for (const id of ['SO-8', 'SO-9'])
    await client.call('orders.create', { id, lines: [{ product: 'POP-NV', quantity: '40' }], reserve: false })
  await client.call('picking.scan', { order: 'SO-8', location: 'B-02-1', roll })
  await client.call('orders.fulfil', { order: 'SO-8' })
  await client.call('ops.submit', { ops: [{ type: 'orders.fulfil', payload: { order: 'SO-9', rolls: [roll] } }] })
})

const settle = () => new Promise((r) => setTimeout(r, 50))

describe('Conflicts: a roll that left twice', () => {
  it('is listed in red with both orders; a manager chooses the order that got it, writes a note, and the other is booked back', async () => {
    const ui = render(<App client={client} burstGapMs={30} />)
    await signIn(ui, 'admin', ADMIN_SECRET)
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Administrator'), 'the menu')
    ui.stdin.write('8')
    await waitForFrame(
      ui.lastFrame,
      // the roll's code and both orders whole, in their columns (issue #21: the row was cut)
      (f) => f.includes('Conflicts — 2 open') && new RegExp(`left twice\\s+${roll}\\s+SO-8, SO-9\\s`).test(f),
      'the roll that left twice',
    )
    ui.stdin.write('j') // past the negative balance it made, to the roll
    await settle()
    ui.stdin.write('z')
    await waitForFrame(ui.lastFrame, (f) => f.includes('✗ a roll that left twice: press r and choose the order that got it'), 'z refused')
    ui.stdin.write('r')
    await waitForFrame(
      ui.lastFrame,
      (f) =>
        f.includes(`Which one really got roll ${roll}?`) &&
        f.includes('order SO-8 (Administrator)') &&
        f.includes('order SO-9 (Administrator)'),
      'the choice',
    )
    ui.stdin.write('j')
    await settle()
    ui.stdin.write('\r')
    await waitForFrame(
      ui.lastFrame,
      (f) => f.includes('Kept: order SO-9 (Administrator); the other one is booked back (+40 m each)') && f.includes('Note  ['),
      'the note field',
    )
    await settle()
    for (const ch of 'SO-9 has it') {
      ui.stdin.write(ch)
      await new Promise((r) => setTimeout(r, 35)) // typed, not scanned
    }
    await waitForFrame(ui.lastFrame, (f) => f.includes('[SO-9 has it'), 'the note typed')
    ui.stdin.write('\r')
    // the negative balance the second shipment made is settled with it: the book-back brought it to zero
    await waitForFrame(ui.lastFrame, (f) => f.includes('Conflicts — 0 open') && f.includes('✓ resolved'), 'resolved')
    ui.unmount()

    const settled = (await client.call('conflicts.list', { open: false })).find((c) => c.kind === 'left-twice')!
    const kept = settled.unit!.departures.find((d) => d.order === 'SO-9')!
    expect(settled.resolution).toMatchObject({ by: 'admin', note: 'SO-9 has it', kept: kept.op, correction: null })
    expect((await client.call('stock.lookup', { code: roll })).roll).toMatchObject({ state: 'gone', order: 'SO-9' })
    const orders = await client.call('orders.list', {})
    expect(orders.find((o) => o.id === 'SO-8')!.fulfilled!.rolls).toEqual([])
    // booked back once: the lot is at zero, as its rolls are
    expect((await client.call('stock.balances', { sku: 'POP-NV' }))[0]).toMatchObject({ milli: 0 })
    expect(await client.call('stock.check', {})).toMatchObject({ consistent: true })
    const negative = (await client.call('conflicts.list', { open: false })).find((c) => c.kind === 'negative-balance')!
    expect(negative.resolution).toMatchObject({ note: `booked back by settling conflict ${settled.id}`, correction: null })
  })
})
