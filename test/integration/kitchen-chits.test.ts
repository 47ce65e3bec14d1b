import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { eventually } from '../helpers/eventually.js'
import { signedIn, startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'
import { setUpKitchen } from '../helpers/kitchen-daemon.js'
import { simPrinterConfig, startPrinterSim, type PrinterSimProcess } from '../helpers/printer-sim.js'

/** A daemon with the grill's chit printer on a virtual printer process: both real, over loopback. */
let sim: PrinterSimProcess
let daemon: DaemonProcess
let client: SocketClient
let remove: () => Promise<void>

beforeEach(async () => {
  sim = await startPrinterSim()
  let dir: string
  ;({ dir, remove } = await tempDataDir())
  await writeFile(join(dir, 'config.json'), JSON.stringify({ printers: [simPrinterConfig('grill-chits', sim.port)] }))
  daemon = await startDaemonProcess(dir, { args: ['--no-network'] })
  client = await signedIn(daemon, 'admin', daemon.adminSecret!)
  // the node announces its printer once it is up: the grill can name it then
  await eventually(() => client.call('printing.printers'), 'the chit printer announced', {
    ok: (p) => p.site.some((x) => x.id === 'grill-chits'),
  })
  await setUpKitchen(client, { printer: 'grill-chits' })
})
afterEach(async () => {
  client.close()
  await daemon.stop()
  await sim.stop()
  await remove()
})

/** The chits the printer printed: the barcode (the ticket) and the item lines. */
const chits = async () =>
  (await sim.jobs())
    .filter((j) => j.printed)
    .map((j) => ({ ticket: j.barcodes[0]?.value, items: j.lines.filter((l) => /^\d+ x /.test(l.trim())).map((l) => l.trim()) }))

describe('kitchen chits through the print queue', () => {
  it('a station printer that is off never delays a ticket; its chits print once each when it is back; added items print alone', async () => {
    await sim.command('power off')
    await eventually(() => client.call('printing.printers'), 'the printer to be seen off', {
      ok: (p) => p.local.some((x) => x.id === 'grill-chits' && x.state === 'unreachable'),
    })
    const fired = []
    for (const label of ['table 1', 'table 2', 'table 3'])
      fired.push(await client.call('tickets.fire', { label, items: [{ item: 1 }, { item: 2 }] }))
    // one chit per ticket: only the grill has a printer (the salad goes to cold, which has none)
    expect(fired.map((f) => f.chits)).toEqual([1, 1, 1])
    const added = await client.call('tickets.add', { ticket: fired[0]!.ticket, items: [{ item: 1, qty: 2 }] })
    expect(added).toMatchObject({ part: 1, chits: 1 })
    // every ticket is on the board at once, with the printer still off and nothing printed
    const board = await client.call('tickets.board', { stations: ['grill'] })
    expect(board.tickets.map((t) => t.id)).toEqual(fired.map((f) => f.ticket))
    expect((await client.call('printing.printers')).local[0]).toMatchObject({ state: 'unreachable', queued: 4 })
    expect(await sim.jobs(), 'nothing reached a printer that is off').toEqual([])

    await sim.command('power on')
    const printed = await eventually(chits, 'the four chits printed', { ok: (c) => c.length === 4, timeoutMs: 30_000 })
    expect(printed).toEqual([
      { ticket: fired[0]!.ticket, items: ['1 x Burger'] },
      { ticket: fired[1]!.ticket, items: ['1 x Burger'] },
      { ticket: fired[2]!.ticket, items: ['1 x Burger'] },
      // the added part alone, not the whole ticket again
      { ticket: fired[0]!.ticket, items: ['2 x Burger'] },
    ])
    // the paper left the printer first; the node records each print after (printing.printed)
    const jobs = await eventually(() => client.call('printing.jobs', { printer: 'grill-chits' }), 'every chit recorded as printed', {
      ok: (list) => list.length === 4 && list.every((j) => j.state === 'printed'),
    })
    expect(jobs.map((j) => [j.state, j.prints])).toEqual(jobs.map(() => ['printed', 1]))
  })
})
