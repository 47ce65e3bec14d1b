import { render } from 'ink-testing-library'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { App } from '../../tui/app.js'
import { waitForFrame } from '../helpers/frames.js'
import { startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { signIn } from '../helpers/tui-sign-in.js'

type Daemon = Awaited<ReturnType<typeof startInProcessDaemon>>
let daemon: Daemon
let client: SocketClient

// quick tries: the test waits on frames, not on the product's 3 s bound
const FAST = { firstMs: 20, maxMs: 100, stableMs: 60_000 }

beforeEach(async () => {
  daemon = await startInProcessDaemon([
    { id: 'ana', name: 'Ana Silva', role: 'picker', pin: '2222' },
    { id: 'mia', name: 'Mia Demir', role: 'manager', pin: '1111' },
  ])
  client = await daemon.connect({ reconnect: FAST })
})
afterEach(async () => {
  client.close()
  await daemon.stop()
})

const signInAgain = (f: string) => f.includes('Reconnected to the daemon: sign in again')

/**
 * Issue #17, for every screen (the kitchen board's case runs in a real terminal,
 * test/e2e/kitchen-reconnect-tmux.test.ts): the daemon's socket goes away and comes back.
 */
describe('the TUI across a daemon restart', () => {
  it('says DISCONNECTED in words on the screen it was on; back, it asks for the sign-in, and the same person goes on there', async () => {
    const ui = render(<App client={client} burstGapMs={30} />)
    await signIn(ui, 'ana', '2222')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Ana Silva'), 'the menu')
    ui.stdin.write('1')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Shift notes') && !f.includes('Menu —'), 'Shift notes open')

    let release = () => {}
    const restarted = daemon.restartSocket(new Promise<void>((r) => (release = r)))
    const down = await waitForFrame(ui.lastFrame, (f) => f.includes('✗ DISCONNECTED: the daemon closed the connection'), 'the line')
    expect(down).toContain('Shift notes') // what it showed stays
    expect(down.trimEnd().split('\n').at(-1)).toContain('DISCONNECTED') // the status bar says it too
    release()
    await restarted

    const again = await waitForFrame(ui.lastFrame, signInAgain, 'the sign-in, reconnected')
    expect(again).toMatch(/Ana Silva was\s+signed in/)
    expect(again).not.toContain('DISCONNECTED')
    await signIn(ui, 'ana', '2222')
    await waitForFrame(
      ui.lastFrame,
      (f) => f.includes('Shift notes') && !f.includes('Menu —') && f.includes('Ana Silva (picker)'),
      'Ana back on Shift notes',
    )

    // someone else signs in after the next restart: their own menu, nothing of Ana's
    await daemon.restartSocket()
    await waitForFrame(ui.lastFrame, signInAgain, 'the sign-in after the second restart')
    await signIn(ui, 'mia', '1111')
    await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Mia Demir'), "Mia's menu")
    ui.unmount()
  })
})
