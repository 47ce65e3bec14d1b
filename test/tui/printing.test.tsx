import { render } from 'ink-testing-library'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VirtualPrinter } from '../../printers/sim/virtual-printer.js'
import { App } from '../../tui/app.js'
import type { SocketClient } from '../../client/socket-client.js'
import { waitForFrame } from '../helpers/frames.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { attachVirtualPrinter } from '../helpers/printer-sim.js'
import { signIn } from '../helpers/tui-sign-in.js'

let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let attached: Awaited<ReturnType<typeof attachVirtualPrinter>>
let printer: VirtualPrinter
let client: SocketClient

beforeEach(async () => {
  daemon = await startInProcessDaemon()
  attached = await attachVirtualPrinter(daemon.node)
  printer = attached.printer
  client = await daemon.connect()
})
afterEach(async () => {
  client.close()
  await attached.close()
  await daemon.stop()
})

describe('the Printing screen', () => {
  it('previews a label before printing it, prints it with Enter, and reprints with one key', async () => {
    const ui = render(<App client={client} burstGapMs={30} />)
    await signIn(ui, 'admin', ADMIN_SECRET)
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Administrator'), 'the menu')
    ui.stdin.write('3')
    const empty = await waitForFrame(ui.lastFrame, (f) => f.includes('Printer bench (bench) — ready, 0 queued'), 'the printer, ready')
    expect(empty, 'no job, nothing drafted: no empty preview box').not.toContain('┌')
    ui.stdin.write('t')
    const preview = await waitForFrame(ui.lastFrame, (f) => f.includes('Enter prints') && f.includes('Test label'), 'the preview')
    expect(preview).toContain('[CODE128 TEST-0001]')
    expect(printer.jobs, 'nothing printed before Enter').toHaveLength(0)
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('✓ printed'), 'the job printed')
    expect(printer.jobs.map((j) => j.barcodes[0]?.value)).toEqual(['TEST-0001'])

    ui.stdin.write('r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('(reprint)') && !f.includes('… queued'), 'the reprint printed')
    expect(printer.jobs.filter((j) => j.printed)).toHaveLength(2)

    await printer.command('paper out')
    await waitForFrame(ui.lastFrame, (f) => f.includes('paper-out') && f.includes('out of paper'), 'paper out shown', 5000)
    ui.unmount()
  })
})
