import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { render } from 'ink-testing-library'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { App } from '../../tui/app.js'
import { MENU_SCREENS } from '../../tui/screens/registry.js'
import type { SocketClient } from '../../client/socket-client.js'
import { waitForFrame } from '../helpers/frames.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { signIn } from '../helpers/tui-sign-in.js'

/**
 * `h` on the screens issue #20 left without it (the audit log, the repair bench, a pick order),
 * and the repair bench's attachments: listed with size and whether they are here, opened with `a`.
 */

let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let client: SocketClient
let device: string
let repair: string
const PHOTO = Buffer.alloc(300 * 1024, 7)

beforeEach(async () => {
  daemon = await startInProcessDaemon()
  client = await daemon.connect()
  await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
  ;({ device, repair } = await client.call('repairs.intake', {
    serial: 'SN-1',
    product: 'Scanner',
    fault: 'no power',
    condition: 'worn',
    printer: null,
  }))
  const photo = join(daemon.node.openedDir, '..', 'box.jpg')
  await writeFile(photo, PHOTO)
  await client.call('attachments.add', { entity: device, path: photo })
  await client.call('repairs.edit', { repair, fault: 'no power, rattles' })
  await client.call('catalog.upsert', {
    products: [{ sku: 'POP-NV', name: 'Poplin', unit: 'm', barcodes: [], attributes: {} }],
    locations: [{ code: 'A-01', barcode: null, rack: 'A', bin: '01' }],
  })
  await client.call('stock.receive', { product: 'POP-NV', lot: 'L1', location: 'A-01', quantity: '40', rolls: 1, printer: null })
})
afterEach(async () => {
  client.close()
  await daemon.stop()
})

const pause = () => new Promise((r) => setTimeout(r, 60)) // keys apart, not read as one scan
/** Open a screen of the admin's menu by its number, typed a digit at a time. */
async function openScreen(ui: ReturnType<typeof render>, id: string) {
  for (const d of String(MENU_SCREENS.findIndex((s) => s.id === id) + 1)) {
    ui.stdin.write(d)
    await pause()
  }
}

describe('h on the audit log and the repair bench; attachments on the bench', () => {
  it('the audit log: h on an entry opens the history of what it touched, a choice when several', async () => {
    const ui = render(<App client={client} burstGapMs={30} />)
    await signIn(ui, 'admin', ADMIN_SECRET)
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Administrator'), 'the menu')
    await openScreen(ui, 'audit')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Audit log') && f.includes('stock.receive'), 'the audit log')
    // the newest, a roll received: it touched the roll, its product and its shelf
    ui.stdin.write('h')
    const choice = await waitForFrame(ui.lastFrame, (f) => f.includes('touched: the history of which?'), 'the choice')
    expect(choice).toContain('product/POP-NV')
    expect(choice).toContain('location/A-01')
    ui.stdin.write(/(\d) product\/POP-NV/.exec(choice)![1]!)
    await waitForFrame(ui.lastFrame, (f) => f.includes('History of product/POP-NV') && f.includes('catalog.products.upsert'), 'its history')
    ui.stdin.write('\u001b')
    await waitForFrame(ui.lastFrame, (f) => !f.includes('History of'), 'closed')
    // down past the catalog's two edits to the device's edit: one record each, opened at once
    for (let i = 0; i < 3; i++) {
      ui.stdin.write('j')
      await pause()
    }
    ui.stdin.write('h')
    // the panel's title shows before its entries are read: wait for an entry's own line (seen in
    // CI: a frame with the title only; the audit log behind the panel names the same operations,
    // so an operation's name alone does not say the entries are in)
    const history = await waitForFrame(
      ui.lastFrame,
      (f) => f.includes(`History of device/${device}`) && /repairs\.edit Administrator @\S+ stood/.test(f),
      "the device's history",
    )
    expect(history).toMatch(/repairs\.edit Administrator @\S+ stood/)
    expect(history).not.toMatch(/@[0-9a-f]{6} stood/) // the node by its name, not its key
    expect(history).toContain('repairs.intake')
    ui.unmount()
  })

  it("the repair bench: its attachments with size and whether here, a opens one where it says; h the repair's history", async () => {
    const ui = render(<App client={client} burstGapMs={30} />)
    await signIn(ui, 'admin', ADMIN_SECRET)
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Administrator'), 'the menu')
    await openScreen(ui, 'repairs')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Repair bench — intake'), 'the intake form')
    await pause()
    // on the intake form a scan is the serial; the intake label scanned again opens its repair
    ui.stdin.write(`${device}\r`)
    await waitForFrame(ui.lastFrame, (f) => f.includes(`[${device}`), 'the scan as the serial')
    await pause()
    ui.stdin.write(`${device}\r`)
    const bench = await waitForFrame(ui.lastFrame, (f) => f.includes(`Repair ${repair}`) && f.includes('box.jpg'), 'the repair')
    expect(bench).toContain('fault: no power, rattles')
    expect(bench).toMatch(/1 box\.jpg {2}300 KB {2}here/)
    ui.stdin.write('a')
    const saved = await waitForFrame(ui.lastFrame, (f) => f.includes('box.jpg saved to'), 'saved')
    // written under the node's data dir (opened/), where the screen says
    const [file] = await readdir(daemon.node.openedDir)
    expect(saved.replace(/[\s│]/g, '')).toContain(join(daemon.node.openedDir, file!))
    expect((await readFile(join(daemon.node.openedDir, file!))).equals(PHOTO)).toBe(true)
    ui.stdin.write('h')
    await waitForFrame(
      ui.lastFrame,
      (f) => f.includes(`History of repair/${repair}`) && /repairs\.intake Administrator @\S+ stood/.test(f),
      "the repair's history",
    )
    ui.unmount()
  })

  it('the intake takes the customer by name and shows it; a note that arrives in one burst goes into the note', async () => {
    await client.call('catalog.upsert', { partners: [{ code: 'CUS-ATL', name: 'Atölye Moda', kind: 'customer' }] })
    const ui = render(<App client={client} burstGapMs={30} />)
    await signIn(ui, 'admin', ADMIN_SECRET)
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Administrator'), 'the menu')
    await openScreen(ui, 'repairs')
    const form = await waitForFrame(ui.lastFrame, (f) => f.includes('Repair bench — intake'), 'the intake form')
    // a label as long as its column keeps a space before the field
    expect(form).toContain('Accessories [')
    for (const typed of ['SN-77', 'Label printer', 'no power', 'scratched', 'cable']) {
      for (const char of typed) {
        ui.stdin.write(char)
        await pause()
      }
      ui.stdin.write('\r')
      await pause()
    }
    for (const char of 'moda') {
      ui.stdin.write(char)
      await pause()
    }
    ui.stdin.write('\r')
    const taken = await waitForFrame(
      ui.lastFrame,
      (f) => f.includes('taken in') && f.includes('customer: Atölye'),
      'the repair with its customer by name',
    )
    expect(taken).toContain('customer: Atölye Moda (CUS-ATL)')
    ui.stdin.write('n')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Note '), 'the note prompt')
    await pause()
    // one read, as a paste or a slow link delivers it: before, the part scanner took it
    ui.stdin.write('PSU dead, replace fuse\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Minutes spent ['), 'the minutes prompt')
    ui.stdin.write('20\r')
    const noted = await waitForFrame(ui.lastFrame, (f) => f.includes('note kept') && f.includes('notes 1  time 20 min'), 'the note kept')
    expect(noted).not.toContain("not an intake label or a part's label")
    ui.unmount()
  })
})
