import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, openSync } from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { resolveConfig, type ResolvedConfig } from '../../daemon/config.js'
import { selfCommand, selfEnv } from '../../daemon/self-command.js'
import { DATA_UMASK } from '../../daemon/data-dir.js'
import { createLogger } from '../../daemon/logger.js'
import { joinSite } from '../../daemon/net/join.js'
import { loadDemo, prepareSite } from './prepare-site.js'
import { DEMO_NETWORK, networkArgs } from './network-flags.js'
import { OutpostError, type NumberStyle } from '../../protocol/index.js'
import type { VirtualPrinter } from '../../printers/sim/virtual-printer.js'
import { SocketClient } from '../../client/socket-client.js'
import { RECONNECT_BACKOFF } from '../../client/backoff.js'
import type { GlobalOptions } from '../options.js'
import { SCAN_GAP_RULE, scanGapOf } from '../scan-gap.js'
import { SCAN_FRAME_RULE, scanFrameOf, type ScanFrame } from '../../tui/keys/scan-frame.js'
import type { KitchenScreenConfig } from '../../tui/state/kitchen-screen.js'

const DAEMON_START_TIMEOUT_MS = 20_000

/** The TUI ended because its terminal hung up (128 + SIGHUP): bin/ ends the process by SIGHUP. */
export const HANGUP_EXIT = 129

/**
 * `outpost`: open the TUI on the data dir's daemon, starting one (and stopping it again on quit)
 * when none runs. A new data dir gets its site founded here first, so the TUI can show the
 * first admin's one-time secret; with --demo it is the demo site.
 */
export async function openTuiCommand(
  globals: GlobalOptions,
  opts: {
    kitchen?: KitchenScreenConfig
    /** refuse, by throwing, before the TUI asks anyone to sign in */ check?: (client: SocketClient) => Promise<void>
  } = {},
): Promise<number> {
  const dataDir = globals.dataDir ?? (globals.demo === true ? resolve('.outpost-demo') : undefined)
  process.umask(DATA_UMASK) // owner-only files, RocksDB's included (daemon/data-dir.ts)
  // React's production build, read when the TUI first loads React (below, lazily): the development
  // build drew the kitchen board ~2.7 times slower (npm run bench kitchen-board), for checks a
  // person at the terminal never sees
  process.env.NODE_ENV ??= 'production'
  const config = resolveConfig({ dataDir, numberStyle: globals.numberStyle, env: process.env })
  const burstGapMs = scanGap(globals)
  const scanFrame = scanFrameSetting(globals)
  let daemon: ChildProcess | null = null
  let client: SocketClient
  let notice: string | null = null
  let demoPrinter: VirtualPrinter | null = null
  const demo = globals.demo === true ? await loadDemo() : null
  let numberStyle: NumberStyle | null = demo !== null ? demo.DEMO_NUMBER_STYLE : config.numberStyle
  try {
    // attached to a running daemon: a restart of it (an update, systemd, a power blip) is waited
    // out, the screen reconnects by itself (client/socket-client.ts)
    client = await SocketClient.connect(config.socketPath, { reconnect: RECONNECT_BACKOFF })
  } catch {
    if (globals.demo !== true && !existsSync(config.siteFile)) {
      // a new data dir: ask whether this machine founds a site or joins one
      const { runFirstRun } = await import('../../tui/run.js')
      // a join under way when the person quits is stopped, and cleans up what it made, before this
      // process ends (it exited with the join running and left the data dir behind)
      const stopJoin = new AbortController()
      let joining: Promise<unknown> = Promise.resolve()
      const choice = await runFirstRun({
        dataDir: config.dataDir,
        burstGapMs,
        suggestedStyle: config.numberStyle,
        scanFrame,
        join: (code, direct, onPending) => {
          const joined = joinSite({
            config,
            code,
            direct: direct ?? undefined,
            name: config.nodeName ?? hostname(),
            logger: createLogger('silent'),
            onPending,
            signal: stopJoin.signal,
          })
          joining = joined.catch(() => undefined)
          return joined
        },
      })
      stopJoin.abort(new OutpostError('E_USAGE', 'the join was stopped'))
      await joining
      if (choice.outcome === 'hangup') return HANGUP_EXIT
      if (choice.outcome === 'quit') return 0
      numberStyle = choice.numberStyle
    }
    notice = await prepareSite(config, demo, numberStyle)
    if (demo !== null) demoPrinter = await demo.startDemoPrinter(config.dataDir)
    daemon = startDaemonProcess(resolveConfig({ dataDir: config.dataDir, env: process.env }), globals.demo === true)
    client = await waitForDaemon(config, daemon)
  }
  const stopDaemon = () => daemon?.kill('SIGTERM')
  process.once('uncaughtException', (err) => {
    stopDaemon()
    process.stderr.write(`outpost: crashed: ${err.stack ?? err.message}\n`)
    process.exit(1)
  })
  // Ink draws only the last frame when it believes it runs in CI (CI or CONTINUOUS_INTEGRATION set,
  // read when Ink loads). A person at a terminal always gets the live TUI, even in such a shell.
  if (process.stdout.isTTY) for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) delete process.env[key]
  try {
    // a new site (notice) shows its one-time secret first, whatever the check would say
    if (notice === null) await opts.check?.(client)
    const { runTui } = await import('../../tui/run.js')
    const ended = await runTui({
      client,
      notice,
      burstGapMs,
      scanFrame,
      hints: demo?.DEMO_HINTS ?? [],
      // only a style named for this terminal overrides the site's
      numberStyle: globals.numberStyle ?? null,
      kitchen: opts.kitchen ?? null,
      ownDaemonExit: daemon === null ? null : exitLine(daemon, config),
    })
    return ended === 'hangup' ? HANGUP_EXIT : 0
  } finally {
    client.close()
    if (daemon !== null) await stopChild(daemon)
    await demoPrinter?.close()
  }
}

function startDaemonProcess(config: ResolvedConfig, demo: boolean): ChildProcess {
  const log = openSync(join(config.dataDir, 'daemon.log'), 'a', 0o600)
  const network = demo ? networkArgs(DEMO_NETWORK) : []
  // detached: the daemon gets a session and process group of its own, so a terminal's hangup or
  // Ctrl-C never reaches it; this TUI stops it (SIGTERM, its graceful stop) when it ends.
  const [command, ...args] = selfCommand()
  return spawn(command!, [...args, '--data-dir', config.dataDir, 'daemon', ...network], {
    stdio: ['ignore', log, log],
    detached: true,
    env: { ...process.env, ...selfEnv() },
  })
}

async function waitForDaemon(config: ResolvedConfig, daemon: ChildProcess): Promise<SocketClient> {
  const deadline = Date.now() + DAEMON_START_TIMEOUT_MS
  for (;;) {
    if (daemon.exitCode !== null) {
      throw new OutpostError('E_NO_DAEMON', `the daemon exited with code ${daemon.exitCode}: see ${join(config.dataDir, 'daemon.log')}`)
    }
    try {
      return await SocketClient.connect(config.socketPath, { reconnect: RECONNECT_BACKOFF })
    } catch (err) {
      if (Date.now() > deadline) throw err
      await new Promise((r) => setTimeout(r, 50))
    }
  }
}

/**
 * The line for when the daemon this TUI started ends under it. The TUI starts no other (a second
 * daemon on the data dir, or one fighting a service manager's): it goes on trying to reconnect,
 * which finds a daemon started by hand, and says what happened.
 */
function exitLine(daemon: ChildProcess, config: ResolvedConfig): Promise<string> {
  return new Promise((resolveLine) =>
    daemon.once('exit', (code, signal) =>
      resolveLine(
        `the daemon this TUI started ended (${signal ?? `exit code ${code}`}, see ${join(config.dataDir, 'daemon.log')}); run "outpost daemon" or quit and start again`,
      ),
    ),
  )
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

/**
 * How far apart a scanner's characters may arrive: a property of the terminal's link, not of the
 * node, so it is a flag (or OUTPOST_SCAN_GAP_MS in a login profile), not node config.
 */
function scanGap(globals: GlobalOptions): number {
  if (globals.scanGap !== undefined) return globals.scanGap
  const env = process.env.OUTPOST_SCAN_GAP_MS
  if (env === undefined || env === '') return 50
  const ms = scanGapOf(env)
  if (ms === null) throw new OutpostError('E_USAGE', `OUTPOST_SCAN_GAP_MS=${env}: ${SCAN_GAP_RULE}`)
  return ms
}

/**
 * The prefix and suffix this terminal's scanner is programmed to send: a property of the
 * scanner at this terminal, so a flag (or the environment of its login), not node config.
 */
function scanFrameSetting(globals: GlobalOptions): ScanFrame | null {
  const prefix = globals.scanPrefix ?? process.env.OUTPOST_SCAN_PREFIX
  const suffix = globals.scanSuffix ?? process.env.OUTPOST_SCAN_SUFFIX
  const frame = scanFrameOf(prefix, suffix)
  if (frame === 'invalid')
    throw new OutpostError('E_USAGE', `--scan-prefix ${prefix ?? ''} --scan-suffix ${suffix ?? ''}: ${SCAN_FRAME_RULE}`)
  return frame
}
