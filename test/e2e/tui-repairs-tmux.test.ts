import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SocketClient } from '../../client/socket-client.js'
import { PROFILES } from '../../printers/index.js'
import { previewPng } from '../../printers/preview-png.js'
import { busyNeighboursForThisFile } from '../helpers/busy-neighbours.js'
import { demoSignedIn, type DemoTerminal } from '../helpers/tmux-demo.js'
import { hasTool, skipReason } from '../helpers/tools.js'

const tools = hasTool('tmux') && hasTool('zbarimg', '--version')
let demo: DemoTerminal | null = null
busyNeighboursForThisFile()
afterEach(async () => {
  await demo?.close()
  demo = null
})

describe.skipIf(!tools)(`the repair bench in a real terminal (tmux, 80x24)${skipReason('tmux and zbar-tools (zbarimg)', tools)}`, () => {
  it(
    'intake (serial scanned) with a label whose PNG preview decodes to a code that scans back to the intake; diagnosing, repairing, a part from stock, a note, ready, returned',
    { timeout: 180_000 },
    async () => {
      // --scan-gap 120, as in the picking test: a loaded CI machine holds keys back; people type 300 ms apart
      demo = await demoSignedIn('outpost-repairs', 'ana', { args: ['--scan-gap', '120'] })
      const { t, dataDir } = demo

      // the bench screen by its number in the menu (two digits, typed as a person types: issue #21)
      await t.openMenu('Repairs')
      await t.waitFor((s) => s.includes('Repair bench — intake'), 'the intake form')

      await t.scan('SN-TMUX-0001')
      await t.waitFor((s) => s.includes('[SN-TMUX-0001'), 'the serial from the scan')
      for (const text of ['Scanner', 'no power', 'worn', 'cable', 'CUS-ATL']) {
        await t.type(text, 300)
        t.key('Enter')
      }
      const taken = await t.waitFor((s) => /taken in DV-\S+, repair RP-\S+ — intake label printing/.test(s), 'the intake', 30_000)
      const [, device, repair] = /taken in (DV-\S+), repair (RP-\S+) —/.exec(taken)!
      await t.waitFor((s) => s.includes('State: received') && s.includes('Next: 1 diagnosing'), 'the repair order')

      // the intake label: queued on the bench printer at once; its PNG preview decodes to the
      // device's code, and that code scans back to this intake
      const office = await SocketClient.connect(join(dataDir, 'outpost.sock'))
      await office.call('session.signIn', { person: 'mia', pin: '1111' })
      const [job] = await office.call('printing.jobs', { limit: 1 })
      expect(job!.document).toMatchObject({ kind: 'intake-label', code: device, repair, serial: 'SN-TMUX-0001', customer: 'Atölye Moda' })
      const png = join(dataDir, 'intake.png')
      writeFileSync(png, previewPng(job!.document, PROFILES['escpos-80-tr']).png)
      const decoded = spawnSync('zbarimg', ['--quiet', png], { encoding: 'utf8' }).stdout.trim()
      expect(decoded).toBe(`CODE-128:${device}`)
      expect(await office.call('scan.resolve', { code: decoded.slice('CODE-128:'.length) })).toMatchObject({
        kind: 'device',
        device: { serial: 'SN-TMUX-0001', product: 'Scanner', customer: 'CUS-ATL', accessories: ['cable'], person: 'ana' },
        repair: { id: repair },
      })

      t.key('1')
      await t.waitFor((s) => s.includes('State: diagnosing'), 'diagnosing')
      t.key('2')
      await t.waitFor((s) => s.includes('State: repairing'), 'repairing')

      // a part: a free roll's label scanned, 1 m of it
      const free = (await office.call('stock.rolls', { limit: 500 })).find(
        (r) => r.state === 'in-stock' && r.order === null && r.milli > 1000,
      )!
      await t.scan(free.code)
      await t.waitFor((s) => s.includes(`How much of ${free.code}`), 'the part prompt')
      await t.type('1', 300)
      t.key('Enter')
      await t.waitFor((s) => s.includes(`part from ${free.code} used`) && s.includes('Parts 1'), 'the part used')

      t.key('n')
      await t.waitFor((s) => s.includes('Note'), 'the note prompt')
      await t.type('new cell', 300)
      t.key('Enter')
      await t.waitFor((s) => s.includes('Minutes spent'), 'the minutes prompt')
      await t.type('25', 300)
      t.key('Enter')
      await t.waitFor((s) => s.includes('time 25 min'), 'the note with its time')

      t.key('2')
      await t.waitFor((s) => s.includes('State: ready'), 'ready')
      t.key('1')
      await t.waitFor((s) => s.includes('State: returned') && s.includes('Closed.'), 'returned')

      // the part left stock as a ledger entry naming the repair, and the stock check stays clean
      const ledger = await office.call('stock.ledger', { limit: 20 })
      expect(ledger.filter((e) => e.type === 'REPAIR_PART')).toMatchObject([{ roll: free.code, milli: -1000, repair }])
      expect(await office.call('stock.check', {})).toMatchObject({ consistent: true })
      const got = await office.call('repairs.get', { repair: device! })
      expect(got.repair.steps.map((s) => s.to)).toEqual(['diagnosing', 'repairing', 'ready', 'returned'])
      office.close()
    },
  )
})
