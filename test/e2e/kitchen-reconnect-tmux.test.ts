import { describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { processesOf } from '../helpers/processes.js'
import { OUTPOST_BIN, signedIn, startDaemonProcess, tempDataDir } from '../helpers/daemon-process.js'
import { eventually } from '../helpers/eventually.js'
import { setUpKitchen } from '../helpers/kitchen-daemon.js'
import { demoSignedIn } from '../helpers/tmux-demo.js'
import { TmuxSession } from '../helpers/tmux.js'
import { hasTool, skipReason } from '../helpers/tools.js'

const tmux = hasTool('tmux')

/** Ticket `id`'s tile on the screen: its number line inside a tile's border. */
const hasTile = (screen: string, id: string) => new RegExp(`[│┃║]\\d+ #${id} `).test(screen)

const grillDone = async (cook: SocketClient, ticket: string) =>
  (await cook.call('tickets.get', { ticket })).parts.every((p) => p.items.every((i) => i.station !== 'grill' || i.done !== null))

/**
 * Issue #17: a kitchen screen attached to a running daemon (`outpost kitchen --station grill`),
 * the daemon stopped (SIGTERM, its graceful stop) and started again on the same data dir and
 * socket. The board says it is disconnected, in words; a bump pressed meanwhile is refused in one
 * line and not made later; the screen reconnects by itself, asks the cook to sign in again (a
 * sign-in lasts one connection), and a ticket fired after the restart appears on the board, the
 * screen registered and beating on the new daemon, without relaunching the TUI.
 */
describe.skipIf(!tmux)(`a kitchen screen across a daemon restart (tmux)${skipReason('tmux', tmux)}`, () => {
  it(
    '80x24: disconnected said in words, a bump refused meanwhile, back by itself with the new ticket',
    { timeout: 240_000 },
    async (context) => {
      const tmp = await tempDataDir()
      let daemon = await startDaemonProcess(tmp.dir)
      let t: TmuxSession | null = null
      let cook: SocketClient | null = null
      // in this order: the screen and the cook's socket, then the daemon (whichever runs), then its files
      context.onTestFinished(async () => {
        t?.kill()
        cook?.close()
        await daemon.stop()
        await tmp.remove()
      })
      const admin = await signedIn(daemon, 'admin', daemon.adminSecret!)
      await admin.call('people.add', { id: 'kemal', name: 'Kemal', role: 'kitchen', pin: '3333' })
      await setUpKitchen(admin)
      admin.close()
      cook = await signedIn(daemon, 'kemal', '3333')
      const before = (await cook.call('tickets.fire', { label: 'table 1', items: [{ item: 1, qty: 2 }] })).ticket
      cook.close()

      const command = [process.execPath, OUTPOST_BIN, '--data-dir', tmp.dir, 'kitchen', '--station', 'grill', '--name', "'Grill 1'"]
      t = TmuxSession.start(`outpost-kds-reconnect-${process.pid}`, command.join(' '), {
        width: 80,
        height: 24,
        env: { NO_COLOR: '1', TERM: 'xterm-256color' },
      })
      await t.waitFor((s) => s.includes('Sign in'), 'the sign-in screen', 90_000)
      await t.signIn('kemal', '3333', 300)
      await t.waitFor((s) => s.includes('Kitchen — Grill 1: grill') && hasTile(s, before), 'the board with the first ticket', 30_000)

      // the daemon stops: the board says so in words (colours are off), keeping what it showed
      expect(await daemon.stop()).toBe(0)
      const down = await t.waitFor(
        (s) => s.includes('✗ DISCONNECTED: the daemon closed the connection'),
        'the board to say it is disconnected',
      )
      expect(down.trimEnd().split('\n').at(-1)).toContain('DISCONNECTED')
      expect(hasTile(down, before)).toBe(true)
      // a bump meanwhile: refused in one line, not kept for later
      t.key('1')
      await t.waitFor((s) => s.includes('✗ not connected to the daemon: not done, it is reconnecting'), 'the bump refused')

      // the daemon is back on the same data dir and socket: the screen finds it by itself
      const restartedAt = Date.now()
      daemon = await startDaemonProcess(tmp.dir)
      const again = await t.waitFor((s) => s.includes('Reconnected to the daemon: sign in again'), 'the sign-in again, reconnected', 30_000)
      expect(again).not.toContain('DISCONNECTED')
      await t.signIn('kemal', '3333', 300)
      await t.waitFor((s) => s.includes('Kitchen — Grill 1: grill') && hasTile(s, before), 'the board again', 30_000)

      cook = await signedIn(daemon, 'kemal', '3333')
      const after = (await cook.call('tickets.fire', { label: 'table 2', items: [{ item: 1 }] })).ticket
      const board = await t.waitFor((s) => hasTile(s, after), 'the ticket fired after the restart on the board', 30_000)
      expect(hasTile(board, before)).toBe(true)
      // the bump refused while down was not made later
      expect(await grillDone(cook, before)).toBe(false)
      // the screen registered and beats on the new daemon (it keeps beats in memory only)
      const screens = await eventually(
        async () => (await cook.call('stations.screens', {})).find((s) => s.id === 'grill-1'),
        'the screen beating on the restarted daemon',
        { ok: (s) => s?.up === true && (s.lastSeen ?? 0) >= restartedAt },
      )
      expect(screens?.stations).toEqual(['grill'])
    },
  )

  it(
    'a TUI that started its daemon says when it ends, starts no other, and finds one started by hand',
    { timeout: 240_000 },
    async (context) => {
      const demo = await demoSignedIn('outpost-kds-own', 'kemal', {
        command: ['kitchen', '--station', 'grill', '--name', "'Grill 1'"],
        landing: (s) => s.includes('Kitchen — Grill 1: grill'),
      })
      let byHand: Awaited<ReturnType<typeof startDaemonProcess>> | null = null
      context.onTestFinished(async () => {
        demo.t.kill()
        await byHand?.stop()
        await demo.close()
      })
      const { t, dataDir } = demo
      const daemons = () =>
        processesOf(dataDir)
          .filter((p) => p.args.includes(`--data-dir ${dataDir} daemon`))
          .map((p) => p.pid)
      const [own] = daemons()
      expect(own).toBeGreaterThan(0)
      process.kill(own!, 'SIGTERM')
      // said in words, with where its log is; tries go on (the fourth comes ~2 s after the drop)
      await t.waitFor(
        (s) => /try [4-9]/.test(s) && s.includes('✗ DISCONNECTED: the daemon this TUI started ended (exit code 0'),
        'the line and a few tries',
        60_000,
      )
      expect(daemons(), 'no second daemon started by the TUI').toEqual([])

      byHand = await startDaemonProcess(dataDir)
      await t.waitFor((s) => s.includes('Reconnected to the daemon: sign in again'), 'the TUI on the daemon started by hand', 30_000)
      // on quit the TUI stops only the daemon it started: the one started by hand runs on
      t.key('C-c')
      await eventually(() => !processesOf(dataDir).some((p) => p.args.includes(`--demo --data-dir ${dataDir}`)), 'the TUI process to end', {
        timeoutMs: 30_000,
        intervalMs: 100,
        evidence: () => `screen:\n${t.screen()}`,
      })
      expect(byHand.proc.exitCode).toBeNull()
      const still = await byHand.connect()
      expect((await still.call('system.status')).node.key).toMatch(/^[0-9a-f]{64}$/)
      still.close()
    },
  )
})
