import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SocketClient } from '../../client/socket-client.js'
import { processesGone } from '../helpers/processes.js'
import { busyNeighboursForThisFile } from '../helpers/busy-neighbours.js'
import { demoSignedIn, type DemoTerminal } from '../helpers/tmux-demo.js'
import { hasTool, skipReason } from '../helpers/tools.js'

const tmux = hasTool('tmux')
let demo: DemoTerminal | null = null
busyNeighboursForThisFile()
afterEach(async () => {
  await demo?.close()
  demo = null
})

describe.skipIf(!tmux)(`receiving and picking by scans in a real terminal (tmux, 80x24)${skipReason('tmux', tmux)}`, () => {
  it(
    '100 rolls received by scans, then an order picked with 200 scans back to back at ~100 chars/s: all 200 recorded, in order',
    { timeout: 180_000 },
    async () => {
      // --scan-gap 120: on a loaded CI machine (2 cores, parallel test files) tmux itself was seen
      // to hold a scan's characters back for over 50 ms (LOC-A011 arrived as the key L and a scan
      // OC-A011), as a slow SSH link would; the flag is what such a link gets. People's keys are
      // typed 300 ms apart, well clear of the gap. The default 50 ms gap has its own unit tests.
      demo = await demoSignedIn('outpost-pick', 'ana', { args: ['--scan-gap', '120'] })
      const { t, dataDir } = demo

      // receive: product and shelf scanned, the rest typed
      await t.openMenu('Receive')
      await t.waitFor((s) => s.includes('Receive') && s.includes('Product'), 'the Receive screen')
      await t.scan('8690000000028')
      await t.waitFor((s) => s.includes('Poplin 120 beyaz'), 'the product found')
      await t.type('L-300', 300)
      t.key('Enter')
      await t.scan('LOC-A011')
      await t.waitFor((s) => s.includes('[A-01-1'), 'the location found')
      await t.type('25', 300)
      t.key('Enter')
      await t.type('100', 300)
      t.key('Enter')
      await t.waitFor((s) => s.includes('received 100 × 25 m'), 'the receipt', 30_000)
      t.key('Escape')

      // the office makes the order (a script on the socket, as an ERP would)
      const office = await SocketClient.connect(join(dataDir, 'outpost.sock'))
      await office.call('session.signIn', { person: 'mia', pin: '1111' })
      const order = await office.call('orders.create', { id: 'SO-300', lines: [{ product: 'POP-120-WH', quantity: '2.500' }] })
      expect(order).toMatchObject({ held: 100, unheld: [] })
      const rolls = (await office.call('picking.list', { order: 'SO-300' })).items.map((i) => i.roll)
      expect(rolls).toHaveLength(100)

      await t.openMenu('Pick')
      await t.waitFor(
        (s) => s.includes('Pick — open orders') && /SO-300.*100 held/.test(s.split('\n').find((l) => l.includes('SO-300')) ?? ''),
        'SO-300 in the open orders',
      )
      t.key('Down')
      t.key('Down')
      // the highlighted row is drawn in inverse video: Enter only once the cursor is on SO-300
      await t.waitFor((s) => (s.split('\n').find((l) => l.includes('SO-300')) ?? '').includes('\u001b[7m'), 'SO-300 highlighted', 10_000, {
        escapes: true,
      })
      t.key('Enter')
      await t.waitFor((s) => s.includes('Pick SO-300') && s.includes('Shelf: scan a shelf label'), 'the pick list')

      // 200 scans back to back: the shelf, then a roll, a hundred times
      for (const roll of rolls) {
        await t.scan('LOC-A011')
        await t.scan(roll)
      }
      const done = await t.waitFor((s) => s.includes('Scans 200  answered 200'), 'all 200 scans answered', 60_000)
      expect(done).toContain('Scans 200  answered 200  refused 0')
      const picked = await office.call('picking.list', { order: 'SO-300' })
      expect(picked.order.picked, 'every roll picked once, in the order scanned').toEqual(rolls)
      expect(picked.lines[0]).toMatchObject({ ordered: 2_500_000, picked: 2_500_000 })

      // ship it from the terminal
      t.key('f')
      await t.waitFor((s) => s.includes('Ship SO-300'), 'the confirmation')
      t.key('y')
      await t.waitFor((s) => s.includes('order SO-300 shipped'), 'shipped')
      const shipped = (await office.call('orders.list', { state: 'fulfilled' })).find((o) => o.id === 'SO-300')!
      expect(shipped.fulfilled!.rolls.map((r) => r.code)).toEqual(rolls)
      expect(await office.call('stock.check', {})).toMatchObject({ consistent: true })
      office.close()

      t.key('Escape')
      t.key('Escape')
      t.key('q')
      await processesGone(dataDir, 'the daemon to stop with the TUI', { evidence: () => `screen:\n${t.screen()}` })
    },
  )
})
