import { render } from 'ink-testing-library'
import { beforeEach, describe, expect, it } from 'vitest'
import { App } from '../../tui/app.js'
import type { SocketClient } from '../../client/socket-client.js'
import { waitForFrame } from '../helpers/frames.js'
import { ADMIN_SECRET, adminDaemonForEachTest } from '../helpers/in-process-daemon.js'
import { signIn } from '../helpers/tui-sign-in.js'

const admin = adminDaemonForEachTest()
let client: SocketClient
let rolls: string[]

beforeEach(async () => {
  client = admin.client
  await client.call('catalog.upsert', {
    products: [{ sku: 'POP-NV', name: 'Poplin lacivert', unit: 'm', barcodes: [], attributes: {} }],
    locations: [{ code: 'A-01-1', barcode: 'LOC-A011', rack: 'A', bin: '01-1' }],
  })
  rolls = (
    await client.call('stock.receive', { product: 'POP-NV', lot: 'L1', location: 'A-01-1', quantity: '40', rolls: 2, printer: null })
  ).rolls
  const { session } = await client.call('counting.open', { location: 'A-01-1' })
  await client.call('counting.scan', { session, codes: [rolls[0]!] })
  await client.call('counting.approve', { session })
})

describe('history from a detail screen, with one key', () => {
  it('Stock lookup: h opens the roll history; r on an older entry shows the rollback, y appends it', async () => {
    const ui = render(<App client={client} burstGapMs={30} />)
    await signIn(ui, 'admin', ADMIN_SECRET)
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Administrator'), 'the menu')
    ui.stdin.write('7')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Scan a product, a roll or a shelf.'), 'the lookup screen')
    await new Promise((r) => setTimeout(r, 50)) // as stock-screens.test.tsx: the scan must not join the menu key's burst
    ui.stdin.write(`${rolls[1]}\r`)
    await waitForFrame(ui.lastFrame, (f) => f.includes(`roll ${rolls[1]}`) && f.includes('lost'), 'the lost roll')
    ui.stdin.write('h')
    const shown = await waitForFrame(
      ui.lastFrame,
      (f) => f.includes(`History of roll/${rolls[1]}`) && f.includes('stock.receive'),
      'its history',
    )
    expect(shown).toMatch(/counting\.approve Administrator @\S+ stood/)
    expect(shown).not.toMatch(/@[0-9a-f]{6} stood/) // the node by its name, not its key
    // the newest (the approval) is selected first: down to the receipt, and roll back to it
    ui.stdin.write('j')
    await new Promise((r) => setTimeout(r, 50)) // two keys at once would read as a scan
    ui.stdin.write('r')
    const proposal = await waitForFrame(ui.lastFrame, (f) => f.includes('Roll back to #') && f.includes('y: append it'), 'the proposal')
    expect(proposal).toContain('undoes #')
    expect(proposal).toContain('state: "lost" -> "in-stock"')
    ui.stdin.write('y')
    await waitForFrame(
      ui.lastFrame,
      (f) => f.includes('✓ rolled back: 1 operation(s) appended') && f.includes('history.restore'),
      'rolled back',
    )
    expect((await client.call('stock.lookup', { code: rolls[1]! })).roll).toMatchObject({ state: 'in-stock' })
    // Esc closes the history, and the screen takes keys again
    ui.stdin.write('\u001b')
    await waitForFrame(ui.lastFrame, (f) => !f.includes('History of'), 'the history closed')
    ui.unmount()
  })
})
