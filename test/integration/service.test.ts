import { spawn, spawnSync } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DAEMON_NODE_FLAGS, DAEMON_NODE_OPTIONS } from '../../daemon/config.js'
import { allocatorEnv } from '../../daemon/memory.js'
import { unitText } from '../../bin/commands/service.js'
import { runCli } from '../helpers/cli.js'
import { tempDataDir } from '../helpers/daemon-process.js'
import { eventually } from '../helpers/eventually.js'
import { hasTool, skipReason } from '../helpers/tools.js'

const systemd = hasTool('systemd-analyze', '--version')

const removers: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const remove of removers.splice(0)) await remove()
})

async function tmp(): Promise<string> {
  const t = await tempDataDir('svc-')
  removers.push(t.remove)
  return t.dir
}

/** systemd-analyze verify: exit 0 and not a word (an unknown or misspelt key is only a warning). */
function verify(unit: string, user: boolean, runtimeDir: string): { code: number | null; output: string } {
  const r = spawnSync('systemd-analyze', [...(user ? ['--user'] : []), 'verify', unit], {
    encoding: 'utf8',
    // a --user check needs a runtime dir, which a CI shell has not
    env: { ...process.env, XDG_RUNTIME_DIR: runtimeDir },
  })
  return { code: r.status, output: (r.stdout + r.stderr).trim() }
}

const HARDENING = [
  'NoNewPrivileges=yes',
  'ProtectSystem=strict',
  'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK',
  'Restart=on-failure',
  'Environment=MALLOC_ARENA_MAX=2',
]

describe('outpost service install', () => {
  it(`writes a hardened system unit for the data dir that systemd-analyze verify passes${skipReason('systemd-analyze', systemd)}`, async () => {
    const dir = await tmp()
    const data = join(dir, 'data')
    const unit = join(dir, 'outpost.service')
    const r = await runCli(['--data-dir', data, 'service', 'install', '--output', unit, '--run-as', 'root'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('systemctl daemon-reload && sudo systemctl enable --now outpost')
    const text = await readFile(unit, 'utf8')
    // Node 22's compiled code kept between starts (bin/compile-cache.ts), in the unit's own folder
    for (const line of [...HARDENING, `ReadWritePaths=${data}`, 'CacheDirectory=outpost', 'User=root', 'WantedBy=multi-user.target']) {
      expect(text.split('\n')).toContain(line)
    }
    expect(text).toMatch(
      new RegExp(`^ExecStart=\\S+node ${DAEMON_NODE_FLAGS.join(' ')} \\S+/dist/app/outpost\\.js --data-dir ${data} daemon$`, 'm'),
    )
    // V8's JIT cannot run under it
    expect(text).not.toMatch(/^MemoryDenyWriteExecute/m)
    // the data dir is under /tmp here: a private /tmp would hide it
    expect(text.split('\n')).toContain('PrivateTmp=no')
    // the allocator the daemon gets wherever it is started from (daemon/memory.ts)
    for (const [k, v] of Object.entries(allocatorEnv(process.env))) expect(text.split('\n')).toContain(`Environment=${k}=${v}`)
    if (!systemd) return
    expect(verify(unit, false, await tmp())).toEqual({ code: 0, output: '' })
  })

  it(`an Environment= value with spaces (the single executable's NODE_OPTIONS) goes in systemd's double quotes, each word checked${skipReason('systemd-analyze', systemd)}`, async () => {
    const spec = {
      name: 'outpost',
      dataDir: '/var/lib/outpost',
      command: [process.execPath],
      user: false,
      runAs: 'root',
    }
    const env = { MALLOC_ARENA_MAX: '2', NODE_OPTIONS: DAEMON_NODE_OPTIONS }
    const text = unitText({ ...spec, env })
    expect(DAEMON_NODE_FLAGS.length).toBeGreaterThan(1)
    expect(text.split('\n')).toContain(`Environment="NODE_OPTIONS=${DAEMON_NODE_OPTIONS}"`)
    expect(text.split('\n')).toContain('Environment=MALLOC_ARENA_MAX=2')
    // a quote, backslash or control character in any word is refused as elsewhere in the unit
    // a per cent sign is escaped inside the quotes too (systemd expands specifiers there)
    expect(unitText({ ...spec, env: { NODE_OPTIONS: '--a %b' } }).split('\n')).toContain('Environment="NODE_OPTIONS=--a %%b"')
    for (const bad of ['--a "b', '--a \\b', '--a \tb']) {
      expect(() => unitText({ ...spec, env: { NODE_OPTIONS: bad } })).toThrow(/cannot name it safely/)
    }
    if (!systemd) return
    const unit = join(await tmp(), 'outpost.service')
    await writeFile(unit, text)
    expect(verify(unit, false, await tmp())).toEqual({ code: 0, output: '' })
  })

  it('a unit whose program or data dir is under /tmp has no private /tmp, which would hide it', () => {
    const unit = (dataDir: string, script: string) =>
      unitText({ name: 'outpost', dataDir, command: ['/usr/bin/node', script], user: false, runAs: 'outpost' }).split('\n')
    expect(unit('/var/lib/outpost', '/opt/outpost/dist/app/outpost.js')).toContain('PrivateTmp=yes')
    const checkoutInTmp = unit('/var/lib/outpost', '/tmp/outpost/dist/app/outpost.js')
    expect(checkoutInTmp).toContain('PrivateTmp=no')
    expect(checkoutInTmp).toContain('# no PrivateTmp: the program under /tmp')
    expect(checkoutInTmp).not.toContain('PrivateTmp=yes')
    expect(unit('/var/tmp/site', '/tmp/x/outpost.js')).toContain('# no PrivateTmp: the data dir, the program under /tmp')
    expect(unit('/tmpfoo/site', '/opt/outpost.js')).toContain('PrivateTmp=yes')
  })

  it(`--user writes a unit of one's own account that systemd-analyze --user verify passes${skipReason('systemd-analyze', systemd)}`, async () => {
    const dir = await tmp()
    const home = join(dir, 'home')
    await mkdir(home)
    const data = join(dir, 'data')
    const ok = await runCli(['--data-dir', data, 'service', 'install', '--user', '--name', 'outpost-shop'], {
      XDG_CONFIG_HOME: join(home, '.config'),
    })
    expect(ok.code, ok.stderr).toBe(0)
    const unit = join(home, '.config', 'systemd', 'user', 'outpost-shop.service')
    const text = await readFile(unit, 'utf8')
    for (const line of [...HARDENING, `ReadWritePaths=${data}`, 'CacheDirectory=outpost-shop', 'WantedBy=default.target'])
      expect(text.split('\n')).toContain(line)
    expect(text).not.toMatch(/^User=/m)
    expect(ok.stdout).toContain('systemctl --user daemon-reload && systemctl --user enable --now outpost-shop')
    if (!systemd) return
    const runtime = join(dir, 'run')
    await mkdir(runtime, { mode: 0o700 })
    expect(verify(unit, true, runtime)).toEqual({ code: 0, output: '' })
  })

  it('the unit’s ExecStart, with its Environment, starts a daemon that answers and stops on SIGTERM', { timeout: 90_000 }, async () => {
    const dir = await tmp()
    const data = join(dir, 'data')
    const unit = join(dir, 'outpost.service')
    expect((await runCli(['--data-dir', data, 'service', 'install', '--output', unit])).code).toBe(0)
    const text = await readFile(unit, 'utf8')
    const exec = /^ExecStart=(.*)$/m.exec(text)?.[1]?.split(' ') ?? []
    const env = Object.fromEntries([...text.matchAll(/^Environment=(\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]))
    // loopback only and a free metrics port, as every test daemon
    const proc = spawn(exec[0]!, [...exec.slice(1), '--host', '127.0.0.1', '--port', '0'], {
      env: { ...process.env, ...env, OUTPOST_METRICS_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    proc.stdout.setEncoding('utf8').on('data', (c: string) => (out += c))
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)))
    try {
      await eventually(() => out, 'the daemon started from the unit says ready', {
        ok: (o) => o.includes('daemon ready'),
        timeoutMs: 60_000,
      })
      const health = await runCli(['--data-dir', data, 'health'])
      expect([health.code, health.stdout]).toEqual([0, 'ready\n'])
    } finally {
      proc.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
  })

  it('refuses what a unit cannot name safely, in one line, and writes nothing', async () => {
    const dir = await tmp()
    const cases: Array<[string[], RegExp]> = [
      [
        ['--data-dir', join(dir, 'with space'), 'service', 'install', '--output', join(dir, 'a.service')],
        /a service unit cannot name it safely \(E_USAGE\)$/,
      ],
      [
        ['--data-dir', join(dir, 'd'), 'service', 'install', '--name', '../../etc/evil', '--output', join(dir, 'b.service')],
        /is not a unit name/,
      ],
      [
        ['--data-dir', join(dir, 'd'), 'service', 'install', '--run-as', 'root; rm -rf /', '--output', join(dir, 'c.service')],
        /is not an account name/,
      ],
      [['--data-dir', join(dir, 'd'), 'service', 'install', '--output', '/proc/outpost.service'], /^outpost: /],
    ]
    for (const [args, message] of cases) {
      const r = await runCli(args)
      expect([args.join(' '), r.code]).toEqual([args.join(' '), r.code === 2 ? 2 : 1])
      expect(r.code).not.toBe(0)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr.trim()).toMatch(message)
    }
    for (const f of ['a', 'b', 'c']) await expect(readFile(join(dir, `${f}.service`))).rejects.toThrow()
  })
})
