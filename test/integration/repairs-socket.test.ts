import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'

let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let client: SocketClient
let roll = ''
beforeAll(async () => {
  daemon = await startInProcessDaemon()
  client = await daemon.connect()
  await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
  await client.call('catalog.upsert', {
    products: [{ sku: 'CELL', name: 'Battery cell', unit: 'pcs', barcodes: [], attributes: {} }],
    locations: [{ code: 'P-1', barcode: null, rack: 'P', bin: '1' }],
    partners: [{ code: 'ACME', name: 'Acme', kind: 'both' }],
  })
  roll = (await client.call('stock.receive', { product: 'CELL', lot: 'L1', location: 'P-1', quantity: '10', printer: null })).rolls[0]!
})
afterAll(async () => {
  client.close()
  await daemon.stop()
})

const intake = { serial: 'SN-1', product: 'Tablet', fault: 'cracked', condition: 'worn', printer: null }

describe('repairs over the socket', () => {
  it('takes a device in, moves it, uses a part by a typed quantity, and says what a code is', async () => {
    const taken = await client.call('repairs.intake', { ...intake, customer: 'ACME', accessories: ['pen'] })
    expect(taken).toMatchObject({ labels: 0, device: expect.stringMatching(/^DV-/), repair: expect.stringMatching(/^RP-/) })
    // the device code and the repair id both find it
    expect((await client.call('repairs.get', { repair: taken.device })).repair.id).toBe(taken.repair)
    await client.call('repairs.move', { repair: taken.device, to: 'diagnosing' })
    expect(await client.call('repairs.part', { repair: taken.repair, roll, quantity: '2' })).toMatchObject({ milli: 2000 })
    expect((await client.call('stock.lookup', { code: roll })).roll).toMatchObject({ milli: 8000, state: 'in-stock' })
    expect(await client.call('stock.check', {})).toMatchObject({ consistent: true })
    expect(await client.call('scan.resolve', { code: taken.device })).toMatchObject({ kind: 'device', repair: { state: 'diagnosing' } })
    const found = await client.call('repairs.discrepancy', {
      item: roll,
      note: 'box says 10, held 9',
      repair: taken.repair,
      location: 'P-1',
    })
    expect(await client.call('repairs.discrepancies', {})).toMatchObject([{ id: found.id, repair: taken.repair, location: 'P-1' }])
    expect((await client.call('repairs.list', {})).map((r) => r.repair.id)).toContain(taken.repair)
  })

  it('refuses bad input in one line, naming what was wrong, and appends nothing', async () => {
    const { repair } = await client.call('repairs.intake', intake)
    const before = (await client.call('system.status')).view.seq
    const refusals: Array<[string, unknown, RegExp]> = [
      ['repairs.intake', { ...intake, serial: 42 }, /serial/],
      ['repairs.intake', { ...intake, serial: 'x'.repeat(65) }, /serial/],
      ['repairs.intake', { ...intake, fault: '   ' }, /fault/],
      ['repairs.intake', { ...intake, customer: 'NOPE' }, /^NOPE is not a partner of this site$/],
      ['repairs.intake', { ...intake, sku: 'NOPE' }, /^NOPE is not a product of this site$/],
      ['repairs.intake', { ...intake, extra: true }, /extra/],
      ['repairs.move', { repair: 'RP-NOPE', to: 'ready' }, /^RP-NOPE is not a repair or an intake label of this site$/],
      ['repairs.move', { repair, to: 'returned' }, /^repair RP-\S+ is received: it can go to diagnosing, rma, scrapped, not returned$/],
      ['repairs.move', { repair, to: 'rma' }, /needs the supplier's RMA number/],
      ['repairs.move', { repair, to: 'fixed' }, /to/],
      ['repairs.part', { repair, roll }, /^repair RP-\S+ is received: no part goes into it now$/],
      ['repairs.part', { repair, roll: 'NOPE' }, /^NOPE is not a roll of this site$/],
      ['repairs.note', { repair, text: 'x', minutes: -1 }, /minutes/],
      ['repairs.note', { repair, text: 'x', minutes: 1.5 }, /minutes/],
    ]
    for (const [method, params, message] of refusals) {
      const err = await client.call(method as 'repairs.move', params as never).then(
        () => null,
        (e: Error) => e,
      )
      expect(err?.message, `${method} ${JSON.stringify(params)}`).toMatch(message)
      expect(err!.message.split('\n')).toHaveLength(1)
    }
    await client.call('repairs.move', { repair, to: 'diagnosing' })
    await expect(client.call('repairs.part', { repair, roll, quantity: '11' })).rejects.toThrow(/holds less than that/)
    expect((await client.call('system.status')).view.seq).toBe(before + 1)
  })

  it('takes twenty devices in at once: each its own code', async () => {
    const taken = await Promise.all(Array.from({ length: 20 }, (_, i) => client.call('repairs.intake', { ...intake, serial: `SN-P${i}` })))
    expect(new Set(taken.map((t) => t.device)).size).toBe(20)
    expect(new Set(taken.map((t) => t.repair)).size).toBe(20)
  })
})
