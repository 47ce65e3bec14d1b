import type { render } from 'ink-testing-library'
import { waitForFrame } from './frames.js'

/**
 * Open a menu item by its label as a person would with the arrows: its number is read off the
 * menu on screen (items past 9 have no number key), then j that many times less one, and Enter.
 */
export async function openMenuItem(ui: ReturnType<typeof render>, label: string): Promise<void> {
  const menu = await waitForFrame(ui.lastFrame, (f) => f.includes(label) && f.includes('Menu'), `the menu to list ${label}`)
  const line = menu.split('\n').find((l) => l.includes(label))!
  const n = Number(/(\d+)\s+\S/.exec(line.replaceAll(`${String.fromCharCode(27)}[`, ' ['))![1])
  // the menu's key handler registers in an effect after the frame shows (as keys-in-one-chunk.test.tsx waits)
  await new Promise((r) => setTimeout(r, 50))
  // arrows, not j: a burst of letters is taken for a scan
  for (let i = 1; i < n; i++) ui.stdin.write('\u001b[B')
  ui.stdin.write('\r')
}
