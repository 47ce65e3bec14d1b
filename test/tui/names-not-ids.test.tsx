import { render } from 'ink-testing-library'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { App } from '../../tui/app.js'
import { MENU_SCREENS } from '../../tui/screens/registry.js'
import { waitForFrame } from '../helpers/frames.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { attachVirtualPrinter } from '../helpers/printer-sim.js'
import { signIn } from '../helpers/tui-sign-in.js'

/**
 * Names where a person expects them (issue #21): who is signed in, who did an audited operation,
 * which printer a job went to, which site and node a pairing code joins, whose device is on the
 * repair bench. The staff id, the printer id and the partner code stay where they are what
 * people type (the detail views, beside the name).
 */

let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let attached: Awaited<ReturnType<typeof attachVirtualPrinter>>
let client: SocketClient
let device: string
let repair: string

beforeEach(async () => {
  daemon = await startInProcessDaemon()
  attached = await attachVirtualPrinter(daemon.node)
  client = await daemon.connect()
  await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
  await client.call('people.add', { id: 'lena7', name: 'Lena Ostrova', role: 'manager', pin: '4321' })
  await client.call('catalog.upsert', { partners: [{ code: 'CUS-ATL', name: 'Atlas Textiles', kind: 'customer' }] })
  ;({ device, repair } = await client.call('repairs.intake', {
    serial: 'SN-7',
    product: 'Scanner',
    fault: 'no power',
    condition: 'worn',
    customer: 'CUS-ATL',
    printer: null,
  }))
})
afterEach(async () => {
  client.close()
  await attached.close()
  await daemon.stop()
})

const pause = () => new Promise((r) => setTimeout(r, 60)) // keys apart, not read as one scan
async function openScreen(ui: ReturnType<typeof render>, id: string) {
  await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Lena Ostrova'), 'the menu')
  await pause()
  for (const d of String(MENU_SCREENS.findIndex((s) => s.id === id) + 1)) {
    ui.stdin.write(d)
    await pause()
  }
}
async function back(ui: ReturnType<typeof render>) {
  ui.stdin.write('\u001b')
  await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Lena Ostrova'), 'back at the menu')
}

describe('names instead of ids on the screens', () => {
  it('the status bar, the audit log, printing, pairing and the repair bench name people, printers, the site and the customer', async () => {
    const ui = render(<App client={client} burstGapMs={30} />)
    await signIn(ui, 'lena7', '4321')
    const menu = await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Lena Ostrova'), 'the menu')
    expect(menu).toContain('Lena Ostrova (manager)') // the status bar, not "lena7 (manager)"
    expect(menu).not.toContain('lena7')

    // the audit log: the founder's operations by the founder's name, not the staff id "admin"
    await openScreen(ui, 'audit')
    // (the id shows for a moment, until the names come)
    const audit = await waitForFrame(ui.lastFrame, (f) => /Administrator\s+repairs\.intake/.test(f), 'the audit log, by name')
    expect(audit).not.toMatch(/\badmin\s+\S+\.\S+/)
    await back(ui)

    // printing: the job queued on the printer by its name ("bench" is its id)
    await openScreen(ui, 'printing')
    await waitForFrame(ui.lastFrame, (f) => f.includes('ready, 0 queued'), 'the printer, ready')
    ui.stdin.write('t')
    const preview = await waitForFrame(ui.lastFrame, (f) => f.includes('Enter prints'), 'the preview')
    expect(preview).toContain('Preview for Printer bench: Enter prints')
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('✓ queued on Printer bench'), 'queued, by the printer’s name')
    await back(ui)

    // pairing: the site the new node joins (networking is off in this daemon: no code; the node
    // and the code's maker are in test/e2e/names-tmux.test.ts, on the demo)
    await openScreen(ui, 'mesh-pairing')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Pair a device with Test depot'), 'the site by name')
    await back(ui)

    // the repair bench: the customer by name beside the code the intake took
    await openScreen(ui, 'repairs')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Repair bench — intake'), 'the intake form')
    await pause()
    ui.stdin.write(`${device}\r`) // a scan is the serial on the form; the label again opens the repair
    await waitForFrame(ui.lastFrame, (f) => f.includes(`[${device}`), 'the scan as the serial')
    await pause()
    ui.stdin.write(`${device}\r`)
    const bench = await waitForFrame(
      ui.lastFrame,
      (f) => f.includes(`Repair ${repair}`) && f.includes('Atlas'),
      'the repair, its customer by name',
    )
    expect(bench).toContain('customer: Atlas Textiles (CUS-ATL)')
    ui.unmount()
  })
})
