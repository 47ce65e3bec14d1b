import { render } from 'ink-testing-library'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { App } from '../../tui/app.js'
import { limitOf, specialOf } from '../../tui/screens/kitchen-stock.js'
import { waitForFrame } from '../helpers/frames.js'
import type { startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { kitchenDaemon } from '../helpers/kitchen-site.js'
import { signIn } from '../helpers/tui-sign-in.js'

/**
 * The Stock and throttle screen (issue #17): an item out of stock for the shift, its portions,
 * a station's throttle, bulk advance of the ready tickets at close, a special for one shift; each
 * refusal one line in words. One daemon for the file: the steps build on each other.
 */
let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let office: SocketClient
let cook: SocketClient
let app: SocketClient

beforeAll(async () => {
  ;({ daemon, manager: office } = await kitchenDaemon())
  cook = await daemon.connect()
  await cook.call('session.signIn', { person: 'kemal', pin: '3333' })
  await cook.call('shifts.checkIn', { kind: 'truck', who: 'Truck 1', id: 'lunch' })
  const ready = await cook.call('tickets.fire', { label: 'table 1', items: [{ item: 'salad' }] })
  await cook.call('tickets.bump', { ticket: ready.ticket, station: 'cold' })
  await cook.call('tickets.fire', { label: 'table 2', items: [{ item: 'salad' }] })
  app = await daemon.connect()
}, 90_000)
afterAll(async () => {
  app?.close()
  cook?.close()
  office?.close()
  await daemon?.stop()
})

async function type(ui: ReturnType<typeof render>, text: string) {
  for (const ch of text) ui.stdin.write(ch)
  await waitForFrame(ui.lastFrame, (f) => f.includes(`[${text}`), `"${text}" typed`)
  ui.stdin.write('\r')
}

describe('the Stock and throttle screen', () => {
  it('out of stock, portions, throttle, bulk advance and a special, by keys; refusals in words', { timeout: 150_000 }, async () => {
    const ui = render(<App client={app} burstGapMs={30} />)
    await signIn(ui, 'kemal', '3333')
    const menu = await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Kemal Aydın'), 'the menu')
    const n = /(\d+) {2}Stock and throttle/.exec(menu)![1]!
    ui.stdin.write(n)
    await waitForFrame(ui.lastFrame, (f) => f.includes('Stock and throttle — shift lunch') && f.includes('Burger'), 'the screen')

    // the first item (Burger): out for this shift; the counter then refuses it
    ui.stdin.write('o')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Burger is out of stock for lunch') && /Burger .*OUT/.test(f), 'Burger out')
    await expect(cook.call('tickets.fire', { label: 'x', items: [{ item: 'burger' }] })).rejects.toThrow(/Burger is out of stock/)
    ui.stdin.write('o')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Burger is back in for lunch'), 'Burger back in')

    // portions of Salad (the next item): 2 for the shift, two sold already: none left
    ui.stdin.write('j')
    ui.stdin.write('n')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Portions of Salad'), 'the portions field')
    await type(ui, 'x2')
    await waitForFrame(ui.lastFrame, (f) => f.includes('"x2" is not a whole number'), 'refused in words')
    ui.stdin.write('n')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Portions of Salad'), 'the portions field again')
    await type(ui, '1000000')
    await waitForFrame(ui.lastFrame, (f) => f.includes('"1000000": at most 100000 portions'), 'the limit said')
    ui.stdin.write('n')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Portions of Salad'), 'the portions field again')
    await type(ui, '2')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Salad: 2 portions for lunch'), 'portions set')
    await expect(cook.call('tickets.fire', { label: 'x', items: [{ item: 'salad' }] })).rejects.toThrow(/Salad/)

    // the throttle: a station first (Tab), then open tickets at once
    ui.stdin.write('t')
    await waitForFrame(ui.lastFrame, (f) => f.includes('choose a station first'), 'a station is needed')
    ui.stdin.write('\t')
    ui.stdin.write('t')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Open tickets at once'), 'the throttle field')
    await type(ui, '3')
    await waitForFrame(ui.lastFrame, (f) => /: 3 open tickets, no limit of tickets per 15 minutes/.test(f), 'throttle set')
    const throttles = await cook.call('menu.throttles', {})
    expect(throttles.some((t) => t.open === 3 && t.perSlot === null)).toBe(true)

    // bulk advance at close: y confirms; the one ready ticket is served
    ui.stdin.write('A')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Serve every ready ticket'), 'the question')
    ui.stdin.write('y')
    await waitForFrame(ui.lastFrame, (f) => f.includes('1 ready ticket served'), 'advanced')

    // a special is a manager's: a kitchen hand is refused in one line, no zod text
    ui.stdin.write('p')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Special (number name price station)'), 'the special field')
    await type(ui, '41 Soup 6.50 cold')
    await waitForFrame(ui.lastFrame, (f) => f.includes('✗ a kitchen may not call menu.set'), 'refused in one line')
    ui.unmount()
  })

  it(
    'a scan here is refused in one line, none of it run as keys (a code\'s "o" marked the selected item out)',
    { timeout: 60_000 },
    async () => {
      const ui = render(<App client={app} burstGapMs={30} />)
      await signIn(ui, 'kemal', '3333')
      const menu = await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Kemal Aydın'), 'the menu')
      ui.stdin.write(/(\d+) {2}Stock and throttle/.exec(menu)![1]!)
      await waitForFrame(ui.lastFrame, (f) => f.includes('Stock and throttle — shift lunch') && f.includes('Burger'), 'the screen')
      ui.stdin.write('oyo-42\r') // a scanner's burst, one read
      await waitForFrame(ui.lastFrame, (f) => f.includes('✗ "oyo-42" read as a scan; this screen takes none: nothing done'), 'the refusal')
      expect(ui.lastFrame()).not.toMatch(/Burger .*OUT/)
      expect((await cook.call('menu.list', { shift: 'lunch' })).items.find((i) => i.id === 'burger')?.out).toBe(false)
      // the next key does what it does, and the line goes
      ui.stdin.write('j')
      await waitForFrame(ui.lastFrame, (f) => !f.includes('read as a scan'), 'the line gone')
      ui.unmount()
    },
  )

  it('the fields read what people type', () => {
    expect(limitOf('', 1, 999, 'tickets')).toBeNull()
    expect(limitOf(' 12 ', 1, 999, 'tickets')).toBe(12)
    expect(limitOf('0', 1, 999, 'tickets')).toBe('give a number from 1 to 999, or leave it empty')
    expect(limitOf('0', 0, 100_000, 'portions')).toBe(0)
    expect(limitOf('1e3', 1, 999, 'tickets')).toBe('"1e3" is not a whole number')
    // a number past the limit is told the limit, however long
    expect(limitOf('1000', 1, 999, 'tickets')).toBe('"1000": at most 999 tickets, or leave it empty')
    expect(limitOf('1000000', 0, 100_000, 'portions')).toBe('"1000000": at most 100000 portions, or leave it empty')
    expect(specialOf('41 Soup of the day 6,50 cold')).toEqual({ number: 41, name: 'Soup of the day', price: 650, station: 'cold' })
    expect(specialOf('Soup')).toMatch(/^type the number, name, price and station/)
  })
})
