import { afterEach, describe, expect, it } from 'vitest'
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

const SIZES = [
  [80, 24],
  [60, 20],
  [160, 48],
] as const

describe.skipIf(!tmux)(`the Move screen and the overview in a real terminal${skipReason('tmux', tmux)}`, () => {
  for (const [width, height] of SIZES) {
    it(
      `${width}x${height}: rolls moved by scans with their codes and lots whole; the overview shows the move, the feed and a chart within the screen`,
      { timeout: 180_000 },
      async () => {
        // LANG=C at 60x20: the chart falls back to ASCII fill characters
        const ascii = width === 60
        demo = await demoSignedIn(`outpost-move-${width}`, 'mia', {
          args: ['--scan-gap', '120'],
          width,
          height,
          env: ascii ? { LANG: 'C', LC_ALL: 'C' } : { LANG: 'C.UTF-8' },
        })
        const { t } = demo
        // its number, two digits typed (issue #21), read off the menu: at 60x20 the menu scrolls
        await t.openMenu('Move rolls')
        await t.waitFor((s) => s.includes('Scan the rolls to move.'), 'the Move screen')
        await t.scan('R-DEMO-51')
        await t.scan('R-DEMO-11')
        const listed = await t.waitFor((s) => s.includes('2 rolls on the list'), 'two rolls on the list')
        // codes, lots and shelves whole at every width; the held roll says for which order
        for (const whole of ['R-DEMO-51', 'R-DEMO-11', 'L2026-152', 'L2026-114', 'A-01-2', 'A-01-1', 'held SO-1001'])
          expect(listed).toContain(whole)
        await t.scan('LOC-C042')
        await t.waitFor((s) => s.includes('moved 2 rolls to C-04-2'), 'the move')
        t.key('Escape')

        await t.openMenu('Overview')
        const shown = await t.waitFor((s) => /Overview . today/.test(s) && s.includes('moved 2 rolls'), 'the overview')
        const lines = shown.split('\n')
        expect(lines.length).toBeLessThanOrEqual(height + 1)
        expect(shown).toContain('Lately')
        expect(shown).toMatch(/Maria|mia/i)
        expect(shown).toContain('moved a roll')
        // today's bar: the demo's receipts and the move, drawn
        const today = lines.find((l) => /^\s*\w{3} \d\d-\d\d [#+=.█▓▒░]+ +\d+/.test(l) && (ascii ? l.includes('#') : l.includes('█')))
        expect(today, `a bar for today in:\n${shown}`).toBeDefined()
        const chart = lines.filter((l) => /^\s*\w{3} \d\d-\d\d /.test(l))
        expect(chart).toHaveLength(7)
        if (ascii) for (const line of chart) expect(line, 'an ASCII chart').toMatch(/^[\x20-\x7e]*$/)
        // a move of two rolls is told once in the feed
        expect(shown).toContain('moved a roll x2')
        if (width >= 120) expect(shown).toContain('changed products')
        t.key('Escape')
        await t.waitFor((s) => /Menu . /.test(s), 'back at the menu')
      },
    )
  }
})
