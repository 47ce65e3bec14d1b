import { render } from 'ink-testing-library'
import { afterEach, describe, expect, it } from 'vitest'
import { App } from '../../tui/app.js'
import { waitForFrame } from '../helpers/frames.js'
import { signIn } from '../helpers/tui-sign-in.js'
import { startInProcessDaemon } from '../helpers/in-process-daemon.js'

let stop: (() => Promise<void>) | null = null
afterEach(async () => {
  await stop?.()
  stop = null
})

describe('TUI on a removed node', () => {
  it('the home screen and the status bar say plainly that the node was removed, as soon as it is told', async () => {
    const daemon = await startInProcessDaemon([{ id: 'mia', name: 'Mia Demir', role: 'manager', pin: '1111' }])
    stop = daemon.stop
    const client = await daemon.connect()
    const ui = render(<App client={client} burstGapMs={30} />)
    await signIn(ui, 'mia', '1111')
    const before = await waitForFrame(ui.lastFrame, (f) => f.includes('Menu — Mia Demir'), 'the menu')
    expect(before).not.toContain('removed')

    await daemon.node.recordRemoval({ by: 'admin', at: Date.parse('2026-12-01T10:00:00Z'), accepted: 1 })
    const told = await waitForFrame(ui.lastFrame, (f) => f.includes('REMOVED from the site'), 'the status bar to say so')
    // one line, however the terminal wraps it
    expect(told.replace(/\s+/g, ' ')).toContain(
      '✗ this node was removed from the site on 2026-12-01 10:00 UTC by admin: its later work was not accepted',
    )
    ui.unmount()
    client.close()
  })
})
