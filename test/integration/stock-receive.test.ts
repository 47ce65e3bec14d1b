import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VirtualPrinter } from '../../printers/sim/virtual-printer.js'
import type { SocketClient } from '../../client/socket-client.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { attachVirtualPrinter } from '../helpers/printer-sim.js'
import { eventually } from '../helpers/eventually.js'

let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let attached: Awaited<ReturnType<typeof attachVirtualPrinter>>
let printer: VirtualPrinter
let client: SocketClient

beforeAll(async () => {
  daemon = await startInProcessDaemon([{ id: 'ana', name: 'Ana', role: 'picker', pin: '2222' }])
  attached = await attachVirtualPrinter(daemon.node)
  printer = attached.printer
  client = await daemon.connect()
  await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
  await client.call('catalog.upsert', {
    products: [
      {
        sku: 'POP-120-NV',
        name: 'Poplin lacivert',
        unit: 'm',
        barcodes: ['8690000000011'],
        attributes: { quality: 'A', color: 'lacivert' },
      },
    ],
    locations: [{ code: 'A-01-1', barcode: 'LOC-A011', rack: 'A', bin: '01-1' }],
    partners: [{ code: 'SUP-1', name: 'Öztürk Tekstil', kind: 'supplier' }],
  })
})
afterAll(async () => {
  client.close()
  await attached.close()
  await daemon.stop()
})

describe('receiving through the socket', () => {
  it('scanned product and location, a typed quantity, three rolls: three codes, three ledger entries, three labels printed', async () => {
    const picker = await daemon.connect()
    await picker.call('session.signIn', { person: 'ana', pin: '2222' })
    const received = await picker.call('stock.receive', {
      product: '8690000000011',
      lot: 'L-114',
      location: 'LOC-A011',
      quantity: '1.720 MT',
      numberStyle: 'comma', // typed on a terminal that writes 1.234,5 (the site has no style)
      rolls: 3,
      supplier: 'SUP-1',
    })
    picker.close()
    expect(received).toMatchObject({ labels: 3, shown: '1.720 m' })
    expect(received.rolls).toHaveLength(3)
    expect(new Set(received.rolls).size).toBe(3)

    expect(await client.call('stock.balances', { sku: 'POP-120-NV' })).toEqual([
      { sku: 'POP-120-NV', location: 'A-01-1', lot: 'L-114', milli: 3 * 1_720_000, reserved: 0 },
    ])
    const ledger = await client.call('stock.ledger', {})
    expect(ledger.map((e) => [e.type, e.roll, e.milli, e.person])).toEqual(
      received.rolls.map((r) => ['INCOMING_RECEIPT', r, 1_720_000, 'ana']).reverse(),
    )
    expect(await client.call('stock.check', {})).toMatchObject({ entries: 3, balances: 1, consistent: true })

    const scan = await client.call('scan.resolve', { code: received.rolls[1]! })
    expect(scan).toMatchObject({
      kind: 'roll',
      roll: { lot: 'L-114', location: 'A-01-1', milli: 1_720_000 },
      product: { sku: 'POP-120-NV' },
    })

    await eventually(() => printer.jobs.length >= 3, 'the three labels to print', { intervalMs: 20 })
    expect(printer.jobs.map((j) => j.barcodes[0]?.value)).toEqual(received.rolls)
    expect(printer.jobs[0]!.lines).toContain('quantity                                 1.720 m')
  })

  it.each([
    [{ product: 'NOPE', lot: 'L', location: 'A-01-1', quantity: '5' }, /NOPE is not a product of this site/],
    [{ product: 'POP-120-NV', lot: 'L', location: 'LOC-A011', quantity: '5' }, null],
    [{ product: 'A-01-1', lot: 'L', location: 'A-01-1', quantity: '5' }, /A-01-1 is not a product of this site \(it is a location\)/],
    [{ product: 'POP-120-NV', lot: 'L', location: 'POP-120-NV', quantity: '5' }, /not a location of this site \(it is a product\)/],
    [{ product: 'POP-120-NV', lot: 'L', location: 'A-01-1', quantity: '1,720' }, /could be 1720 or 1,72: this site has no number style/],
    [{ product: 'POP-120-NV', lot: 'L', location: 'A-01-1', quantity: '1.720 MT' }, /could be 1720 or 1\.72:/],
    [{ product: 'POP-120-NV', lot: 'L', location: 'A-01-1', quantity: '5', numberStyle: 'tr' }, /numberStyle/],
    [{ product: 'POP-120-NV', lot: 'L', location: 'A-01-1', quantity: '5 kg' }, /counted in m, not kg/],
    [{ product: 'POP-120-NV', lot: 'L', location: 'A-01-1', quantity: '-5' }, /cannot be negative/],
    [{ product: 'POP-120-NV', lot: 'L', location: 'A-01-1', quantity: '5', rolls: 0 }, /rolls/],
    [{ product: 'POP-120-NV', lot: 'L', location: 'A-01-1', quantity: '5', supplier: 'NOBODY' }, /no partner NOBODY/],
    [{ product: 'POP-120-NV', lot: 'bad lot!', location: 'A-01-1', quantity: '5' }, /a lot is/],
    [{ product: 'POP-120-NV', lot: 'L', location: 'A-01-1', quantity: '5', printer: 'nowhere' }, /no printer nowhere/],
  ])('%j', async (params, refusal) => {
    const before = await client.call('stock.check', {})
    const result = client.callRaw('stock.receive', { printer: null, ...params })
    if (refusal === null) {
      await expect(result).resolves.toMatchObject({ labels: 0 })
      return
    }
    await expect(result).rejects.toThrow(refusal)
    expect((await client.call('stock.check', {})).entries, 'nothing was recorded').toBe(before.entries)
  })

  it('the catalog refuses a code that already names something else, and a unit change under stock', async () => {
    await expect(
      client.call('catalog.upsert', {
        products: [{ sku: 'OTHER', name: 'Other', unit: 'm', barcodes: ['8690000000011'], attributes: {} }],
      }),
    ).rejects.toThrow(/code 8690000000011 is already the product POP-120-NV/)
    await expect(
      client.call('catalog.upsert', { products: [{ sku: 'POP-120-NV', name: 'Poplin', unit: 'kg', barcodes: [], attributes: {} }] }),
    ).rejects.toThrow(/its unit is m/)
    const picker = await daemon.connect()
    await picker.call('session.signIn', { person: 'ana', pin: '2222' })
    await expect(picker.call('catalog.upsert', { locations: [{ code: 'Z-1', barcode: null, rack: 'Z', bin: '1' }] })).rejects.toThrow(
      /a picker may not call catalog.upsert/,
    )
    picker.close()
  })
})
