import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SocketClient } from '../../client/socket-client.js'
import { demoSignedIn } from '../helpers/tmux-demo.js'
import { hasTool, skipReason } from '../helpers/tools.js'

const tmux = hasTool('tmux')

/** Keys apart, well clear of the scan gap the demo runs with here (a burst would be read as a scan). */
const KEY_GAP = 200

/**
 * A manager adds a special for one shift (issue #17, "specials for one shift"), end to end: the
 * manager's menu at 80x24 is longer than the terminal and scrolls to Stock and throttle (the last
 * screen); `p` and "41 Soup of the day 6.50 cold" put it on the menu for the open shift; the
 * counter (a kitchen hand's socket) sells it in that shift, routed to its station at its price,
 * and the next shift refuses it in words.
 */
describe.skipIf(!tmux)(`a special for one shift, from a manager's terminal (tmux)${skipReason('tmux', tmux)}`, () => {
  it(
    '80x24: the manager scrolls to Stock and throttle, adds a special; it sells in its shift only',
    { timeout: 240_000 },
    async (context) => {
      const demo = await demoSignedIn(`outpost-special`, 'mia', { args: ['--scan-gap', '120'], width: 80, height: 24, gapMs: KEY_GAP })
      context.onTestFinished(() => demo.close())
      const { t, dataDir } = demo
      const cook = await SocketClient.connect(join(dataDir, 'outpost.sock'))
      context.onTestFinished(() => cook.close())
      await cook.call('session.signIn', { person: 'kemal', pin: '3333' })
      await cook.call('shifts.checkIn', { kind: 'truck', who: 'Truck 1', id: 'lunch' })

      // the manager's menu does not fit 24 rows: it says what is below, and the status bar stays the last line
      const menu = t.screen()
      expect(menu).toMatch(/↓ \d+ more/)
      expect(menu).not.toContain('Stock and throttle')
      expect(menu.trimEnd().split('\n').at(-1)).toContain('? help')
      await t.openMenu('Stock and throttle', KEY_GAP)
      await t.waitFor((s) => s.includes('Stock and throttle — shift lunch') && s.includes('Ayran'), 'the screen, with the open shift')

      t.key('p')
      await t.waitFor((s) => s.includes('Special (number name price station)'), 'the special field')
      await t.type('41 Soup of the day 6.50 cold', KEY_GAP)
      await t.waitFor((s) => s.includes('41 Soup of the day 6.50 cold'), 'the special typed')
      t.key('Enter')
      await t.waitFor((s) => s.includes('Soup of the day is on the menu for lunch only'), 'the special added')
      const screen = await t.waitFor((s) => /41 Soup of the day .*special/.test(s), "the special on the screen's menu")
      expect(screen.trimEnd().split('\n').at(-1)).toContain('? help')

      // the log has it: a special of lunch, in cents, made at the cold station
      const { items } = await cook.call('menu.list', {})
      expect(items.find((i) => i.number === 41)).toMatchObject({
        name: 'Soup of the day',
        category: 'specials',
        price: 650,
        station: 'cold',
        shift: 'lunch',
      })

      // the counter sells it in its shift, at its price, to its station
      const fired = await cook.call('tickets.fire', { label: 'table 9', items: [{ item: 41, qty: 2 }] })
      const ticket = await cook.call('tickets.get', { ticket: fired.ticket })
      expect(ticket.shift).toBe('lunch')
      expect(ticket.parts[0]!.items.map((i) => [i.name, i.qty, i.price, i.station])).toEqual([['Soup of the day', 2, 650, 'cold']])

      // the next shift: refused in one line
      await cook.call('shifts.checkOut', { shift: 'lunch' })
      await cook.call('shifts.checkIn', { kind: 'truck', who: 'Truck 1', id: 'dinner' })
      await expect(cook.call('tickets.fire', { label: 'table 3', items: [{ item: 41 }] })).rejects.toThrow(
        /^Soup of the day is a special of shift lunch$/,
      )
    },
  )
})
