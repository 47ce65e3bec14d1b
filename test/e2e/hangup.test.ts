import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SocketClient } from '../../client/socket-client.js'
import { DAEMON_ENV } from '../../daemon/memory.js'
import { outpostArgv } from '../helpers/cli.js'
import { tempDataDir } from '../helpers/daemon-process.js'
import { hasTool, skipReason } from '../helpers/tools.js'
import { eventually } from '../helpers/eventually.js'

const python = hasTool('python3', '--version')
const HARNESS = resolve(import.meta.dirname, '../helpers/pty-hangup.py')
const SIGHUP = 1

interface Hangup {
  seen: boolean
  exitCode: number | null
  signal: number | null
}

/** Run a command on a terminal of its own, hang the terminal up once `waitFor` shows. */
async function hangUp(waitFor: string, command: string[], stderrFile: string): Promise<Hangup> {
  // stderr goes to a file: what the command says after the hangup has no terminal to go to
  const shell = `exec "$@" 2>${stderrFile}`
  // the environment the shebang of bin/outpost.ts gives the command, as its flags are in `command`
  const child = spawn('python3', [HARNESS, waitFor, '40', 'sh', '-c', shell, 'sh', ...command], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...DAEMON_ENV },
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  await new Promise((r) => child.once('exit', r))
  return JSON.parse(out) as Hangup
}

const pidAlive = (pid: number) => spawnSync('kill', ['-0', String(pid)]).status === 0

let removeDir: (() => Promise<void>) | null = null
afterEach(async () => {
  await removeDir?.()
})

describe.skipIf(!python)(`a terminal that hangs up (an SSH link dropped)${skipReason('python3', python)}`, () => {
  it('the TUI ends quietly by SIGHUP, and the daemon it started stops gracefully', { timeout: 60_000 }, async () => {
    const tmp = await tempDataDir()
    removeDir = tmp.remove
    const stderr = join(tmp.dir, 'tui.stderr')
    const ended = await hangUp('Sign in', [process.execPath, ...outpostArgv(['--demo', '--data-dir', tmp.dir])], stderr)
    expect(ended.seen).toBe(true)
    // Before: "write EIO" from Ink, then Node 20's assertion in ResetStdio (SIGABRT or SIGSEGV)
    expect(ended).toMatchObject({ signal: SIGHUP, exitCode: null })
    expect(readFileSync(stderr, 'utf8')).toBe('')
    // the daemon went through its graceful stop: it logged it and took its socket with it
    const log = readFileSync(join(tmp.dir, 'daemon.log'), 'utf8')
    const pid = Number(/"pid":(\d+)/.exec(log)?.[1])
    expect(log).toContain('"signal":"SIGTERM"')
    expect(pidAlive(pid)).toBe(false)
    expect(existsSync(join(tmp.dir, 'outpost.sock'))).toBe(false)
  })

  it('a foreground daemon outlives its terminal and still stops gracefully on SIGTERM', { timeout: 60_000 }, async () => {
    const tmp = await tempDataDir()
    removeDir = tmp.remove
    const stderr = join(tmp.dir, 'daemon.stderr')
    const run = hangUp(
      'daemon ready',
      [process.execPath, ...outpostArgv(['--data-dir', tmp.dir, 'daemon', '--host', '127.0.0.1', '--port', '0'])],
      stderr,
    )
    // the harness waits for the daemon, which never exits by itself: find it and check it lives on
    const pid = await eventually(
      () => Number(/"pid":(\d+).*"msg":"daemon ready"/.exec(existsSync(stderr) ? readFileSync(stderr, 'utf8') : '')?.[1]),
      'the daemon to say it is ready, with its pid',
      { ok: (pid) => pid > 0, intervalMs: 100 },
    )
    // still serving after the hangup
    const hup = await waitForLog(stderr, 'SIGHUP')
    expect(hup).toContain('the node keeps running')
    expect(pidAlive(pid)).toBe(true)
    const client = await SocketClient.connect(join(tmp.dir, 'outpost.sock'))
    const status = (await client.call('system.status', {})) as { halted: string | null }
    client.close()
    expect(status.halted).toBeNull()
    process.kill(pid, 'SIGTERM')
    const ended = await run
    expect(ended).toMatchObject({ seen: true, exitCode: 0, signal: null })
    expect(existsSync(join(tmp.dir, 'outpost.sock'))).toBe(false)
  })
})

function waitForLog(file: string, text: string): Promise<string> {
  return eventually(() => readFileSync(file, 'utf8'), `"${text}" in ${file}`, {
    ok: (log) => log.includes(text),
    intervalMs: 100,
    show: (log) => `it holds: ${log.slice(-500)}`,
  })
}
