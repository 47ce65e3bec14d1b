import { afterEach, describe, expect, it } from 'vitest'
import { demoSignedIn, type DemoTerminal } from '../helpers/tmux-demo.js'
import { hasTool, skipReason } from '../helpers/tools.js'

/**
 * A digit and Enter that reach the menu in one read ("3" Enter from a quick hand, or over SSH):
 * the digit opened its item, and the Enter, handled by the menu before the new screen was drawn,
 * opened the item under the cursor instead (seen: the kitchen board, where the digits typed next
 * bumped tickets). In a real terminal: ink-testing-library's keys came before the menu listened.
 */
const tmux = hasTool('tmux')
let demo: DemoTerminal | null = null
afterEach(async () => {
  await demo?.close()
  demo = null
})

describe.skipIf(!tmux)(`the menu's keys in one read${skipReason('tmux', tmux)}`, () => {
  it('"3" and Enter in one write open item 3, not the one under the cursor', { timeout: 180_000 }, async () => {
    demo = await demoSignedIn('menu-keys', 'kemal')
    const { t } = demo
    const menu = await t.waitFor((s) => /\b3 {2}Shifts\b/.test(s) && /\b2 {2}Counter/.test(s), "kemal's menu")
    expect(menu).toMatch(/\b1 {2}Kitchen board/)
    // the cursor on item 2, which proves the menu listens: Enter alone would open the counter
    for (let tries = 0; ; tries++) {
      const before = t.screen({ escapes: true })
      t.key('Down')
      try {
        await t.waitFor((s) => s !== before, 'the cursor to move', 3_000, { escapes: true })
        break
      } catch (err) {
        if (tries >= 10) throw err
      }
    }
    t.paste('3\r')
    const opened = await t.waitFor((s) => !/Menu [—-] \S/.test(s), 'a screen')
    expect(opened.split('\n')[0]).toMatch(/^ ?Shifts/)
  })
})
