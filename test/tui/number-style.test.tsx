import { render } from 'ink-testing-library'
import { afterEach, describe, expect, it } from 'vitest'
import type { NumberStyle } from '../../protocol/index.js'
import type { SocketClient } from '../../client/socket-client.js'
import { App } from '../../tui/app.js'
import { waitForFrame } from '../helpers/frames.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { signIn } from '../helpers/tui-sign-in.js'

/**
 * Where quantities are typed or read (Receive, Pick, Count, Conflicts), the screen says how
 * numbers are written here, and the Receive preview reads "1.720" as the daemon will.
 */
let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let client: SocketClient
afterEach(async () => {
  client.close()
  await daemon.stop()
})

async function start(style: NumberStyle | null): Promise<void> {
  daemon = await startInProcessDaemon([], { numberStyle: style })
  client = await daemon.connect()
  await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
  await client.call('catalog.upsert', {
    products: [
      { sku: 'POP-NV', name: 'Poplin lacivert', unit: 'm', barcodes: ['8690000000011'], attributes: { quality: 'A', color: 'lacivert' } },
    ],
    locations: [{ code: 'A-01-1', barcode: 'LOC-A011', rack: 'A', bin: '01-1' }],
  })
}

const settle = () => new Promise((r) => setTimeout(r, 50)) // a screen's key handler registers in an effect
const lineWith = (frame: string, text: string) => frame.split('\n').find((l) => l.includes(text)) ?? ''

/** Receive "1.720" on the Receive screen; returns the frame with the preview, and the rolls' milli once received. */
async function receive1720(ui: ReturnType<typeof render>, preview: string): Promise<{ frame: string; milli: number[] }> {
  ui.stdin.write('4')
  const form = await waitForFrame(ui.lastFrame, (f) => f.includes('Receive') && f.includes('Quantity'), 'the receive screen')
  await settle()
  ui.stdin.write('8690000000011\r')
  const named = await waitForFrame(ui.lastFrame, (f) => f.includes('Poplin lacivert (m)'), 'the product')
  // the attributes its name does not say (it read "Poplin lacivert (m) A lacivert")
  expect(lineWith(named, 'Poplin lacivert (m)').trim()).toBe('Poplin lacivert (m) quality A')
  await settle()
  ui.stdin.write('L-1\r')
  await waitForFrame(ui.lastFrame, (f) => f.includes('[L-1'), 'the lot')
  await settle()
  ui.stdin.write('LOC-A011\r')
  await waitForFrame(ui.lastFrame, (f) => f.includes('[A-01-1'), 'the location')
  for (const c of '1.720') {
    await settle()
    ui.stdin.write(c)
  }
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes(preview), `the preview "${preview}"`)
  expect(lineWith(form, 'Quantity')).toMatch(/numbers: /)
  await settle()
  ui.stdin.write('\r')
  const milli: number[] = []
  if (preview.startsWith('read as')) {
    await settle()
    ui.stdin.write('1\r')
    await waitForFrame(ui.lastFrame, (f) => f.includes('received 1 ×'), 'the receipt')
    for (const b of await client.call('stock.balances', { sku: 'POP-NV' })) milli.push(b.milli)
  }
  return { frame, milli }
}

describe('the number style where quantities are typed', () => {
  it.each([
    ['comma', 'numbers: 1.234,5', 'read as 1.720 m', [1_720_000]],
    ['point', 'numbers: 1,234.5', 'read as 1.72 m', [1_720]],
    [null, 'numbers: style not set', 'could be 1720 or 1.72', []],
  ] as const)(
    'a %s site: the Quantity field says "%s", "1.720" previews as "%s" and is received so',
    async (style, hint, preview, milli) => {
      await start(style)
      const ui = render(<App client={client} burstGapMs={30} />)
      await signIn(ui, 'admin', ADMIN_SECRET)
      await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Administrator'), 'the menu')
      const got = await receive1720(ui, preview)
      expect(lineWith(got.frame, 'Quantity')).toContain(hint)
      expect(got.milli).toEqual(milli)
      ui.unmount()
    },
  )

  it('Pick, Count and Conflicts say it too, and write quantities in it', async () => {
    await start('comma')
    await client.call('stock.receive', { product: 'POP-NV', lot: 'L1', location: 'A-01-1', quantity: '1.250,5', printer: null })
    await client.call('orders.create', { id: 'SO-1', lines: [{ product: 'POP-NV', quantity: '1.250,5' }] })
    const ui = render(<App client={client} burstGapMs={30} />)
    await signIn(ui, 'admin', ADMIN_SECRET)
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Administrator'), 'the menu')
    // Pick: the order's lines, in metres written 1.234,5
    ui.stdin.write('5')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Pick — open orders') && f.includes('SO-1'), 'the open orders')
    await settle()
    ui.stdin.write('\r')
    const order = await waitForFrame(ui.lastFrame, (f) => f.includes('Pick SO-1') && f.includes('m ordered'), 'the order')
    expect(lineWith(order, 'Pick SO-1')).toContain('numbers: 1.234,5')
    expect(lineWith(order, 'line 1')).toMatch(/1\.250,5 m ordered/)
    for (const title of ['Pick SO-1', 'Pick — open orders']) {
      await settle()
      ui.stdin.write('\u001b')
      await waitForFrame(ui.lastFrame, (f) => !f.includes(title), `leaving ${title}`)
    }
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Administrator'), 'the menu again')
    for (const [key, title] of [
      ['6', 'Count'],
      ['8', 'Conflicts'],
    ] as const) {
      await settle()
      ui.stdin.write(key)
      const frame = await waitForFrame(ui.lastFrame, (f) => f.includes(title) && f.includes('numbers: '), `${title} with the style`)
      expect(lineWith(frame, title)).toContain('numbers: 1.234,5')
      await settle()
      ui.stdin.write('\u001b')
      await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Administrator'), 'the menu again')
    }
    ui.unmount()
  })

  it('a terminal with its own style (--number-style point) on a comma site: says so, and the daemon reads as the preview did', async () => {
    await start('comma')
    const ui = render(<App client={client} burstGapMs={30} numberStyle="point" />)
    await signIn(ui, 'admin', ADMIN_SECRET)
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Administrator'), 'the menu')
    const got = await receive1720(ui, 'read as 1.72 m')
    expect(lineWith(got.frame, 'Quantity')).toContain('numbers: 1,234.5 (this terminal)')
    expect(got.milli).toEqual([1_720])
    ui.unmount()
  })
})
