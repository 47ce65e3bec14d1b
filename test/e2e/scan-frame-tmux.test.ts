import { afterEach, describe, expect, it } from 'vitest'
import { busyNeighboursForThisFile } from '../helpers/busy-neighbours.js'
import { seededRandom } from '../helpers/seeded-random.js'
import { demoSignedIn, type DemoTerminal } from '../helpers/tmux-demo.js'
import { hasTool, skipReason } from '../helpers/tools.js'

const tmux = hasTool('tmux')
let demo: DemoTerminal | null = null
busyNeighboursForThisFile()
afterEach(async () => {
  await demo?.close()
  demo = null
})

const ROLLS = ['R-DEMO-11', 'R-DEMO-12', 'R-DEMO-13', 'R-DEMO-21', 'R-DEMO-31', 'R-DEMO-41', 'R-DEMO-42']

describe.skipIf(!tmux)(`a scanner that sends AIM prefixes, over a link that stalls (tmux, 80x24)${skipReason('tmux', tmux)}`, () => {
  it(
    'scans stalled 60-200 ms inside, or with a late Enter, at 1,000 and 100 chars/s, beside two busy processes: each arrives whole',
    { timeout: 180_000 },
    async () => {
      demo = await demoSignedIn('outpost-frame', 'ana', { args: ['--scan-prefix', 'aim'] })
      const { t } = demo

      // On the menu, a scan whose Enter came 150 ms late used to go out as command keys ("R" ...
      // opened a screen); framed, it is a scan, and the menu says what it is.
      await t.scan('R-DEMO-11', 1000, { prefix: ']C0', enterLateMs: 150 })
      await t.waitFor((s) => s.includes('roll of') && s.includes('Menu — Ana Silva'), 'the menu describing the scanned roll')

      await t.openMenu('Stock lookup')
      await t.waitFor((s) => s.includes('Stock lookup'), 'Stock lookup')
      const random = seededRandom(1015)
      let n = 0
      for (const cps of [1000, 100]) {
        for (let i = 0; i < 2 * ROLLS.length; i++) {
          const code = ROLLS[i % ROLLS.length]!
          const stallAt = 1 + Math.floor(random() * (code.length - 1))
          const stallMs = 60 + Math.floor(random() * 140)
          await t.scan(code, cps, { prefix: ']C0', stallAt, stallMs, enterLateMs: i % 3 === 0 ? 120 : 0 })
          n++
          const screen = await t.waitFor(
            (s) => s.includes(`roll ${code}:`) || s.includes('✗'),
            `scan ${n} (${code}, ${cps}/s, ${stallMs} ms stall at ${stallAt})`,
          )
          expect(
            screen.includes('✗') ? screen : '',
            `scan ${n}: ${code} at ${cps}/s with a ${stallMs} ms stall before character ${stallAt}`,
          ).toBe('')
          expect(screen).toContain(`roll ${code}:`)
        }
      }
      expect(n).toBe(4 * ROLLS.length)
    },
  )
})
