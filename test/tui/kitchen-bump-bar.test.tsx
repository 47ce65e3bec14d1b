import { render } from 'ink-testing-library'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { App } from '../../tui/app.js'
import { keymapOf } from '../../tui/keys/kitchen-keymap.js'
import { waitForFrame } from '../helpers/frames.js'
import type { startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { kitchenWithCook, screenConfig } from '../helpers/kitchen-site.js'
import { signIn } from '../helpers/tui-sign-in.js'

/**
 * A bump bar programmed with F-keys (issue #17): the board's key map binds F1-F12 and the keypad,
 * the keys reach the board through the TUI's tokenizer as the terminal sends them, and the help
 * names them. Before, the tokenizer dropped every F-key but F1, so such a bar did nothing.
 */
let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
let app: SocketClient
let cook: SocketClient
const fired: string[] = []

beforeAll(async () => {
  ;({ daemon, cook } = await kitchenWithCook())
  for (let n = 1; n <= 3; n++) fired.push((await cook.call('tickets.fire', { label: `table ${n}`, items: [{ item: 1 }] })).ticket)
  app = await daemon.connect()
}, 90_000)
afterAll(async () => {
  app?.close()
  cook?.close()
  await daemon?.stop()
})

const grillDone = async (ticket: string) =>
  (await cook.call('tickets.get', { ticket })).parts[0]!.items.filter((i) => i.station === 'grill').every((i) => i.done !== null)

describe('the kitchen board with an F-key bump bar', () => {
  it('F2 (xterm) bumps tile 2, F12 recalls it, keypad Enter holds; ? lists F1/F2/F3', { timeout: 120_000 }, async () => {
    const keymap = keymapOf({ bumpTile: ['f1', 'f2', 'f3'], recall: ['f12'], hold: ['kpenter'] })
    if (typeof keymap === 'string') throw new Error(keymap)
    const ui = render(<App client={app} burstGapMs={30} kitchen={screenConfig(['grill'], keymap)} />)
    await signIn(ui, 'kemal', '3333')
    await waitForFrame(ui.lastFrame, (f) => f.includes(`1 #${fired[0]}`), 'the board')
    ui.stdin.write('2') // not a bump key on this bar
    ui.stdin.write('\u001bOQ') // F2, as xterm sends it
    await waitForFrame(ui.lastFrame, (f) => f.includes(`#${fired[1]} bumped`), 'F2 bumps tile 2')
    expect(await grillDone(fired[1]!)).toBe(true)
    expect(await grillDone(fired[0]!)).toBe(false)
    ui.stdin.write('\u001b[24~') // F12
    await waitForFrame(ui.lastFrame, (f) => f.includes(`#${fired[1]} recalled`), 'F12 recalls')
    expect(await grillDone(fired[1]!)).toBe(false)
    ui.stdin.write('\u001bOM') // keypad Enter: hold the selected ticket
    await waitForFrame(ui.lastFrame, (f) => f.includes('HOLD'), 'keypad Enter holds')
    ui.stdin.write('?')
    const help = await waitForFrame(ui.lastFrame, (f) => f.includes('Help — Kitchen board'), 'the help')
    expect(help).toMatch(/F1\/F2\/F3 +bump tile N/)
    expect(help).toMatch(/F12 +recall the last ticket/)
    ui.unmount()
  })
})
