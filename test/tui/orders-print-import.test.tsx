import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { render } from 'ink-testing-library'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VirtualPrinter } from '../../printers/sim/virtual-printer.js'
import { App } from '../../tui/app.js'
import type { SocketClient } from '../../client/socket-client.js'
import { waitForFrame } from '../helpers/frames.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { attachVirtualPrinter } from '../helpers/printer-sim.js'
import { signIn, typeSlowly } from '../helpers/tui-sign-in.js'

/** Issue #21: an order made, a pick list and a shelf label printed, and a file imported, all from the TUI. */
let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let attached: Awaited<ReturnType<typeof attachVirtualPrinter>>
let printer: VirtualPrinter
let client: SocketClient
let dir: string

beforeEach(async () => {
  daemon = await startInProcessDaemon([{ id: 'pia', name: 'Pia Picker', role: 'picker', pin: '1111' }])
  attached = await attachVirtualPrinter(daemon.node)
  printer = attached.printer
  client = await daemon.connect()
  dir = await mkdtemp(join(tmpdir(), 'op-orders-'))
  await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
  await client.call('catalog.upsert', {
    products: [{ sku: 'POP-120-NV', name: 'Poplin navy', unit: 'm', barcodes: [], attributes: {} }],
    locations: [{ code: 'A-01', barcode: null, rack: 'A', bin: '01' }],
    partners: [
      { code: 'CUS-ATL', name: 'Atlas Textiles', kind: 'customer' },
      { code: 'CUS-ATE', name: 'Atelier Deniz', kind: 'customer' },
    ],
  })
  await client.call('stock.receive', { product: 'POP-120-NV', lot: 'L1', location: 'A-01', quantity: '50', rolls: 2, printer: null })
})
afterEach(async () => {
  client.close()
  await attached.close()
  await daemon.stop()
  await rm(dir, { recursive: true, force: true })
})

async function openItem(ui: ReturnType<typeof render>, digits: string, title: string) {
  await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — '), 'the menu')
  // a digit at a time, as a person types (two at once would read as a scan)
  for (const [i, d] of [...digits].entries()) {
    ui.stdin.write(d)
    if (i < digits.length - 1) await waitForFrame(ui.lastFrame, (f) => f.includes(`${digits.slice(0, i + 1)}_`), 'the first digit')
  }
  await waitForFrame(ui.lastFrame, (f) => f.includes(title), title)
}

describe('orders, printing and import from the TUI', () => {
  it(
    'a manager creates an order for a customer by name, reads it in full and prints its pick list; refusals in words',
    { timeout: 90_000 },
    async () => {
      const ui = render(<App client={client} burstGapMs={30} />)
      await signIn(ui, 'admin', ADMIN_SECRET)
      await openItem(ui, '18', 'No orders yet')
      ui.stdin.write('n')
      await waitForFrame(ui.lastFrame, (f) => f.includes('Customer  ['), 'the customer field')
      // "at" is two partners: named, not guessed
      await typeSlowly(ui, 'at', (f, t) => f.includes(`[${t}`))
      ui.stdin.write('\r')
      await waitForFrame(
        ui.lastFrame,
        (f) => f.includes('"at" matches 2: Atelier Deniz (CUS-ATE), Atlas Textiles (CUS-ATL)'),
        'two matches',
      )
      ui.stdin.write('\u0015') // what was typed stays after a refusal, to mend; Ctrl-U clears it
      await typeSlowly(ui, 'atlas', (f, t) => f.includes(`[${t}`))
      ui.stdin.write('\r')
      await waitForFrame(
        ui.lastFrame,
        (f) => f.includes('Customer  Atlas Textiles (CUS-ATL)') && f.includes('Product'),
        'the product field',
      )
      // Enter on an empty product before any line: refused in words
      ui.stdin.write('\r')
      await waitForFrame(ui.lastFrame, (f) => f.includes('✗ an order needs a line'), 'no empty order')
      await typeSlowly(ui, 'poplin', (f, t) => f.includes(`[${t}`))
      ui.stdin.write('\r')
      await waitForFrame(ui.lastFrame, (f) => f.includes('POP-120-N') && f.includes('m;'), 'the quantity field')
      await typeSlowly(ui, 'lots', (f, t) => f.includes(`[${t}`))
      ui.stdin.write('\r')
      await waitForFrame(ui.lastFrame, (f) => f.includes('1. POP-120-NV lots m'), 'the line (the daemon reads the quantity)')
      ui.stdin.write('\r')
      const refused = await waitForFrame(ui.lastFrame, (f) => f.includes('✗ "lots" is not a quantity'), 'the quantity refused in words')
      expect(refused).not.toMatch(/Too small|expected|zod/i)
      ui.stdin.write('\u001b') // Esc drops the draft
      await waitForFrame(ui.lastFrame, (f) => f.includes('no order created'), 'the draft dropped')
      expect(await client.call('orders.list', {})).toHaveLength(0)

      ui.stdin.write('n')
      await waitForFrame(ui.lastFrame, (f) => f.includes('Customer  ['), 'the customer field')
      await typeSlowly(ui, 'cus-atl', (f, t) => f.includes(`[${t}`))
      ui.stdin.write('\r')
      await waitForFrame(ui.lastFrame, (f) => f.includes('Atlas Textiles (CUS-ATL)') && f.includes('Product'), 'the customer by code')
      await typeSlowly(ui, 'pop-120-nv', (f, t) => f.includes(`[${t}`))
      ui.stdin.write('\r')
      await waitForFrame(ui.lastFrame, (f) => f.includes('m;'), 'the quantity field')
      await typeSlowly(ui, '60', (f, t) => f.includes(`[${t}`))
      ui.stdin.write('\r')
      await waitForFrame(ui.lastFrame, (f) => f.includes('1. POP-120-NV 60 m'), 'the line')
      ui.stdin.write('\r')
      await waitForFrame(ui.lastFrame, (f) => f.includes('created for Atlas Textiles, 2 rolls held'), 'the order made')
      // the row names the customer, not CUS-ATL
      await waitForFrame(ui.lastFrame, (f) => /open\s+1\s+2\s+Atlas Textiles/.test(f), 'the order listed by its customer name')
      const [order] = await client.call('orders.list', {})
      expect(order).toMatchObject({ customer: 'CUS-ATL', state: 'open', lines: [{ sku: 'POP-120-NV', milli: 60_000 }] })

      ui.stdin.write('\r')
      await waitForFrame(
        ui.lastFrame,
        (f) => f.includes(`Order ${order!.id}`) && f.includes('Atlas Textiles (CUS-ATL)'),
        'the order in full',
      )
      ui.stdin.write('\u001b')
      await waitForFrame(ui.lastFrame, (f) => f.includes('printer Printer bench (bench)'), 'the list again')
      ui.stdin.write('p')
      await waitForFrame(ui.lastFrame, (f) => f.includes(`✓ pick list of ${order!.id} queued on Printer bench`), 'the pick list queued')
      await waitForFrame(
        () => String(printer.jobs.filter((j) => j.printed).length),
        (n) => n === '1',
        'the pick list printed',
      )
      const printed = printer.jobs[0]!.lines.join('\n')
      expect(printed).toContain(order!.id)
      expect(printed).toContain('A-01')
      expect(printed).toContain('Atlas Textiles')
      ui.unmount()
    },
  )

  it('a picker may print but not make an order, and prints a shelf label found by name', { timeout: 60_000 }, async () => {
    const ui = render(<App client={client} burstGapMs={30} />)
    await signIn(ui, 'pia', '1111')
    await openItem(ui, '18', 'No orders yet')
    ui.stdin.write('n')
    await waitForFrame(ui.lastFrame, (f) => f.includes('✗ a new order needs a manager'), 'the refusal')
    ui.stdin.write('\u001b')
    await openItem(ui, '3', 'Printer bench (bench) — ready')
    ui.stdin.write('l')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Shelf  ['), 'the shelf field')
    await typeSlowly(ui, 'b-99', (f, t) => f.includes(`[${t}`))
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('✗ b-99 is no code of this site'), 'an unknown shelf')
    await typeSlowly(ui, 'a-01', (f, t) => f.includes(`[${t}`))
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('✓ shelf label A-01 queued on Printer bench'), 'the label queued')
    await waitForFrame(
      () => String(printer.jobs.filter((j) => j.printed).length),
      (n) => n === '1',
      'the label printed',
    )
    expect(printer.jobs[0]!.barcodes.map((b) => b.value)).toContain('A-01')
    // the job in full, with names: who queued it, on which printer
    await waitForFrame(ui.lastFrame, (f) => f.includes('location label A-01'), 'the job listed')
    ui.stdin.write('\r')
    await waitForFrame(
      ui.lastFrame,
      (f) => f.includes('Print job') && f.includes('Pia Picker (pia)') && f.includes('Printer bench (bench)'),
      'the job in full',
    )
    ui.unmount()
  })

  it('imports a products file typed by path, with a bar and what was refused by line', { timeout: 120_000 }, async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `IMP-${i},Imported ${i},m`)
    const file = join(dir, 'products.csv')
    await writeFile(file, ['sku,name,unit', 'BAD-1,No unit,', ...rows].join('\n') + '\n')
    const ui = render(<App client={client} burstGapMs={30} />)
    await signIn(ui, 'admin', ADMIN_SECRET)
    await openItem(ui, '19', 'It holds:')
    await typeSlowly(ui, join(dir, 'nothing.csv'), (f, t) => f.includes(t.slice(-12)))
    ui.stdin.write('\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('✗ cannot read') && f.includes('no such file'), 'a missing file in words')
    ui.stdin.write('\u0015') // Ctrl-U clears the field
    await typeSlowly(ui, file, (f, t) => f.includes(t.slice(-12)))
    ui.stdin.write('\r')
    const done = await waitForFrame(ui.lastFrame, (f) => f.includes('2500 added, 0 updated, 1 refused'), 'the summary', 60_000)
    expect(done).toContain('2500 of 2500 rows (100%)')
    expect(done).toMatch(/2\s+.*unit/) // line 2 refused, with its reason
    expect((await client.call('catalog.find', { text: 'IMP-2499' }))[0]).toMatchObject({ kind: 'product' })
    ui.stdin.write('\u0015')
    ui.stdin.write('\r') // Enter on the empty field: the refused row in full
    await waitForFrame(ui.lastFrame, (f) => f.includes('Refused row of') && f.includes('line'), 'the refused row in full')
    ui.unmount()
  })
})
