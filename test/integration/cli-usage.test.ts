import { spawn } from 'node:child_process'
import { createSocket, type Socket } from 'node:dgram'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, spawnCli } from '../helpers/cli.js'
import { eventually } from '../helpers/eventually.js'
import { OUTPOST_BIN, startDaemonProcess, tempDataDir } from '../helpers/daemon-process.js'

/** Issue #21: the CLI's usage lines, its errors, and what it says while it waits. */

let tmp: { dir: string; remove: () => Promise<void> }
beforeAll(async () => {
  tmp = await tempDataDir()
})
afterAll(() => tmp.remove())

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '')

/** `pair join` of a code nobody shows, through an address where no node answers, for `wait` seconds. */
const joinNobody = (dataDir: string, wait: number) => [
  '--data-dir',
  dataDir,
  'pair',
  'join',
  'OUT-AAAA-BBBB',
  '--direct',
  '127.0.0.1:9',
  '--host',
  '127.0.0.1',
  '--port',
  '0',
  '--wait',
  String(wait),
  '--name',
  'x',
]

describe('usage and errors', () => {
  it('--demo names the demo data dir for every command, not only the TUI', async () => {
    // before: `outpost --demo status` went to the default data dir (~/.local/share/outpost)
    const r = await runCli(['--demo', 'status'], {}, undefined, [], tmp.dir)
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain(`${tmp.dir}/.outpost-demo/outpost.sock`)
  })

  it('--version prints the version of package.json and nothing else (exit 0)', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    const r = await runCli(['--version'])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`${version}\n`)
  })

  it('an unknown command says it is unknown and names the commands there are (exit 2), one line', async () => {
    const r = await runCli(['--data-dir', tmp.dir, 'backupz'])
    expect(r.code).toBe(2)
    expect(lines(r.stderr)).toHaveLength(1)
    expect(r.stderr).toContain("unknown command 'backupz'")
    for (const name of ['daemon', 'status', 'pair', 'import', 'print', 'rpc']) expect(r.stderr).toContain(name)
    expect(r.stderr).not.toContain('too many arguments')
  })

  it.each(['printers', 'jobs', 'cancel', 'reprint', 'submit'])(
    'print %s shows --as in its usage line, and refuses without it (exit 2)',
    async (sub) => {
      const help = await runCli(['print', sub, '--help'])
      expect(lines(help.stdout)[0]).toMatch(new RegExp(`^Usage: outpost print ${sub} --as <person> \\[options\\]`))
      const args = sub === 'cancel' || sub === 'reprint' ? ['J-1'] : sub === 'submit' ? ['doc.json', '--printer', 'p'] : []
      const r = await runCli(['--data-dir', tmp.dir, 'print', sub, ...args])
      expect(r.code).toBe(2)
      expect(r.stderr).toContain("required option '--as <person>' not specified")
    },
  )

  it('pair join with a malformed code fails at once (exit 2) and says what a code looks like', async () => {
    const started = Date.now()
    const r = await runCli(['--data-dir', tmp.dir, 'pair', 'join', 'OUT-12', '--name', 'x', '--no-network'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('a pairing code has 8 characters after OUT-')
    expect(Date.now() - started).toBeLessThan(15_000)
  })

  it('pair join with nowhere to look, or no network, refuses at once (exit 2) and makes no data dir', async () => {
    const dir = join(tmp.dir, 'never-made')
    const started = Date.now()
    // typed unquoted with a space, the code is two words: read as one (it said "a7f3" has 4)
    const nowhere = await runCli(['--data-dir', dir, 'pair', 'join', 'a7f3', '9x2k', '--name', 'x'])
    expect(nowhere.code).toBe(2)
    expect(lines(nowhere.stderr)).toEqual([
      'outpost: nowhere to look for the inviting node: give its address (host:port, shown with its pair code: --direct, or the Address field), a site bootstrap or LAN announcement (--bootstrap, --lan, or network in config.json) (E_USAGE)',
    ])
    const offline = await runCli(['--data-dir', dir, 'pair', 'join', 'OUT-A7F3-9X2K', '--direct', '127.0.0.1:9', '--no-network'])
    expect(offline.code).toBe(2)
    expect(offline.stderr).toContain('pair join needs the network: it is off')
    expect(existsSync(dir)).toBe(false)
    expect(Date.now() - started).toBeLessThan(15_000)
  })

  it.each(['abc', '0', '-1', '1.5', '99999'])('pair join --wait %s is refused as a wait, not as a port', async (wait) => {
    const r = await runCli(['--data-dir', tmp.dir, 'pair', 'join', 'OUT-A7F3-9X2K', '--wait', wait])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('a wait is a whole number of seconds from 1 to 3600')
    expect(r.stderr).not.toContain('port')
  })

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'pair join stopped by %s while it looks ends quietly (%i) and keeps nothing it made',
    async (signal, status) => {
      const dir = join(tmp.dir, `stopped-join-${signal}`)
      const join_ = spawnCli(joinNobody(dir, 60))
      let stderr = ''
      join_.proc.stderr.on('data', (c: string) => (stderr += c))
      await eventually(() => stderr.includes('looking for the node that shows OUT-AAAA-BBBB'), 'the join to look', {
        evidence: () => stderr,
      })
      expect(existsSync(join(dir, 'store'))).toBe(true)
      join_.proc.kill(signal)
      const r = await join_.done
      expect(r.code).toBe(status)
      expect(r.stderr).toContain('pair join stopped: nothing of it was kept')
      expect(existsSync(dir)).toBe(false)
    },
    60_000,
  )

  it('pair join with a code nobody shows says what it is doing while it looks, then that nobody has it (exit 1)', async () => {
    const dir = await tempDataDir()
    try {
      const r = await runCli(joinNobody(dir.dir, 6))
      expect(r.code).toBe(1)
      expect(r.stderr).toContain('looking for the node that shows OUT-AAAA-BBBB through 127.0.0.1:9: 0 s of 6 s')
      expect(r.stderr).toMatch(/: 5 s of 6 s/)
      expect(r.stderr).toContain('no node with this pairing code was found')
      // the data dir was there before the join: it stays, without the store the join made in it
      expect(existsSync(dir.dir)).toBe(true)
      expect(existsSync(join(dir.dir, 'store'))).toBe(false)
    } finally {
      await dir.remove()
    }
  }, 60_000)
})

function run(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    proc.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    proc.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    proc.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('output into a pipe', () => {
  // seen: `outpost rpc --list | less` ended at 64 KiB (exit dropped what the full pipe had not taken)
  it('a reader slower than the command gets all of it; a reader that stops early ends it quietly', async () => {
    const whole = await runCli(['rpc', '--list'])
    expect(whole.code, whole.stderr).toBe(0)
    expect(whole.stdout.length).toBeGreaterThan(65_536)
    const outpost = `'${process.execPath}' '${OUTPOST_BIN}' rpc --list`
    // a reader that takes its time: the pipe fills, and the command is done before it is read
    const slow = await run('bash', ['-c', `${outpost} | (sleep 0.5; cat); exit \${PIPESTATUS[0]}`])
    expect(slow.stderr).toBe('')
    expect(slow.code).toBe(0)
    expect(slow.stdout).toBe(whole.stdout)
    // a reader that stops after a line (`| head -1`): no stack trace, and not a failure
    const early = await run('bash', ['-c', `${outpost} | head -1; exit \${PIPESTATUS[0]}`])
    expect(early.stdout).toBe('[\n')
    expect(early.stderr, 'no stack trace').toBe('')
    expect(early.code).toBe(0)
  })
})

describe('the example documents for print submit', () => {
  it.each(['roll-label', 'location-label'])(
    'docs/examples/%s.json is a valid document: its preview prints with no daemon',
    async (name) => {
      const r = await runCli(['print', 'preview', `docs/examples/${name}.json`])
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/\[CODE128 (R-DEMO-41|LOC-C042)\]/)
    },
  )
})

describe('a busy port', () => {
  let held: Socket
  beforeAll(async () => {
    held = createSocket('udp4')
    await new Promise<void>((r) => held.bind(0, '127.0.0.1', () => r()))
  })
  afterAll(() => held.close())

  it('the daemon says the port is in use and which one it took instead', async () => {
    const port = held.address().port
    const dir = await tempDataDir()
    const daemon = await startDaemonProcess(dir.dir, { args: ['--host', '127.0.0.1', '--port', String(port)] })
    try {
      const status = await runCli(['--data-dir', dir.dir, 'status', '--json'])
      const address = (JSON.parse(status.stdout) as { network: { address: string } }).network.address
      expect(address).not.toBe(`127.0.0.1:${port}`)
      expect(daemon.log()).toContain(`UDP port ${port} is in use: this node listens on ${address.split(':')[1]} instead`)
    } finally {
      await daemon.stop()
      await dir.remove()
    }
  }, 60_000)

  it('--port 0 is any free port, not the usual 49737 when it happens to be free', async () => {
    const dir = await tempDataDir()
    const daemon = await startDaemonProcess(dir.dir, { args: ['--host', '127.0.0.1', '--port', '0'] })
    try {
      const status = await runCli(['--data-dir', dir.dir, 'status', '--json'])
      const port = Number((JSON.parse(status.stdout) as { network: { address: string } }).network.address.split(':')[1])
      // HyperDHT tries 49737-49742 for a port of 0 (in use here or not, one of them is the old way)
      expect(port).toBeGreaterThan(0)
      expect(port < 49737 || port > 49742, `port ${port}`).toBe(true)
    } finally {
      await daemon.stop()
      await dir.remove()
    }
  }, 60_000)
})
