import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, closeSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DAEMON_NODE_OPTIONS } from '../../daemon/config.js'
import { eventually } from '../helpers/eventually.js'
import { hasTool, skipReason } from '../helpers/tools.js'

/**
 * The single executables (docs/packaging.md): built once here by the same script as
 * `npm run package` (without the tarballs), then each copied alone, with its .addons folder, into
 * an empty folder with no node_modules and a PATH with no node in it, where it founds a site and
 * answers `status --json`. arm64 runs under Debian's qemu-user-static (no binfmt needed: the
 * emulator is named on the command line). Loopback only: the DHT binds 127.0.0.1.
 */
const ROOT = resolve(import.meta.dirname, '../..')
const BUILD = join(ROOT, 'dist/scripts/package/build.js')
const QEMU = 'qemu-aarch64-static'
const qemu = hasTool(QEMU, '--version')
/** Its full path: the executables run with a PATH that has nothing on it. */
const qemuPath = qemu ? execFileSync('sh', ['-c', `command -v ${QEMU}`], { encoding: 'utf8' }).trim() : QEMU
const onX64 = process.arch === 'x64'
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version

let out = ''
const cleanups: (() => void)[] = []
beforeAll(async () => {
  if (!onX64) return
  out = mkdtempSync(join(tmpdir(), 'op-pkg-'))
  cleanups.push(() => rmSync(out, { recursive: true, force: true }))
  const arches = qemu ? 'x64,arm64' : 'x64'
  await new Promise<void>((done, fail) =>
    execFile(process.execPath, [BUILD, '--arch', arches, '--out', out], { maxBuffer: 8 * 1024 * 1024 }, (err, _stdout, stderr) =>
      err === null ? done() : fail(new Error(`the package build failed: ${stderr}`)),
    ),
  )
}, 600_000)
afterAll(() => {
  for (const c of cleanups.reverse()) c()
})

/** The executable and its folder, alone in a new empty folder. */
function installAlone(arch: string): { dir: string; exe: string } {
  const dir = mkdtempSync(join(tmpdir(), `op-${arch}-`))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  const name = `outpost-linux-${arch}`
  cpSync(join(out, name), join(dir, name))
  cpSync(join(out, name + '.addons'), join(dir, name + '.addons'), { recursive: true })
  return { dir, exe: join(dir, name) }
}

/** No node on PATH, no NODE_* from the test runner: only what the executable brings. */
function bareEnv(dir: string): NodeJS.ProcessEnv {
  return { PATH: join(dir, 'no-bin'), HOME: dir, OUTPOST_METRICS_PORT: '0' }
}

function runOnce(command: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(command[0]!, command.slice(1), { env, cwd, timeout: 120_000 }, (err, stdout, stderr) =>
      done({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr }),
    )
  })
}

/** ELF e_machine: 0x3e x86-64, 0xb7 AArch64. */
function machineOf(file: string): number {
  const fd = openSync(file, 'r')
  const head = Buffer.alloc(20)
  readSync(fd, head, 0, 20, 0)
  closeSync(fd)
  return head.readUInt16LE(18)
}

async function foundAndAsk(arch: 'x64' | 'arm64', prefix: string[]): Promise<void> {
  const { dir, exe } = installAlone(arch)
  expect(existsSync(join(dir, 'node_modules'))).toBe(false)
  expect(machineOf(exe)).toBe(arch === 'x64' ? 0x3e : 0xb7)
  const env = bareEnv(dir)
  const dataDir = join(dir, 'data')
  const daemon: ChildProcess = spawn(
    prefix[0] ?? exe,
    [...prefix.slice(1), ...(prefix.length > 0 ? [exe] : []), '--data-dir', dataDir, 'daemon', '--host', '127.0.0.1', '--port', '0'],
    {
      // the daemon's Node flags as its service unit gives them (a flag Node does not allow there
      // would stop it before it starts)
      env: { ...env, NODE_OPTIONS: DAEMON_NODE_OPTIONS },
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stdout = ''
  let stderr = ''
  daemon.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c))
  daemon.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  try {
    await eventually(
      () => {
        if (daemon.exitCode !== null) throw new Error(`the daemon exited with ${daemon.exitCode}`)
        return stdout.includes('daemon ready')
      },
      `the ${arch} executable's daemon to be ready`,
      { timeoutMs: 270_000, intervalMs: 100, evidence: () => `stdout: ${stdout}\nstderr: ${stderr.slice(-2000)}` },
    )
    expect(stdout).toMatch(/one-time secret \(shown once\): \S+/) // it founded a site
    const status = await runOnce([...prefix, exe, '--data-dir', dataDir, 'status', '--json'], env, dir)
    expect(status.stderr).toBe('')
    expect(status.code).toBe(0)
    const json = JSON.parse(status.stdout) as {
      node: { key: string; writable: boolean }
      site: { key: string }
      versions: { outpost: string; node: string }
    }
    expect(json.node.writable).toBe(true)
    expect(json.site.key).toBe(json.node.key) // the founder's key is the site's
    expect(json.versions.outpost).toBe(VERSION) // read from the package.json in the .addons folder
    expect(json.versions.node).toBe(process.version) // the arm64 Node is fetched at this version
  } finally {
    daemon.kill('SIGTERM')
    await eventually(() => daemon.exitCode !== null || daemon.signalCode !== null, `the ${arch} daemon to stop`, { timeoutMs: 60_000 })
  }
  expect(daemon.exitCode).toBe(0)
}

// the three side by side: each waits mostly on a process of its own
const describeOnX64 = onX64 ? describe.concurrent : describe.skip
describeOnX64(`one executable per platform${onX64 ? '' : ' (SKIPPED: builds from an x64 machine only)'}`, () => {
  it('x64: alone in an empty folder, with no node on PATH, it founds a site and answers status --json', { timeout: 240_000 }, async () => {
    await foundAndAsk('x64', [])
  })

  it.skipIf(!qemu)(
    `arm64 under emulation: founds a site and answers status --json${skipReason(QEMU, qemu)}`,
    { timeout: 420_000 },
    async () => {
      await foundAndAsk('arm64', [qemuPath])
    },
  )

  it(
    'the demo is left out, the service unit runs the executable alone, and a missing addons folder is named in one line',
    { timeout: 120_000 },
    async () => {
      const { dir, exe } = installAlone('x64')
      const demo = await runOnce([exe, '--demo', '--data-dir', join(dir, 'demo')], bareEnv(dir), dir)
      expect(demo.code).toBe(1)
      expect(demo.stderr).toContain('the demo is not in this executable')
      // the unit runs the executable alone: a Node flag after it would be its own argument
      const unit = join(dir, 'outpost.service')
      const service = await runOnce(
        [exe, '--data-dir', join(dir, 'data'), 'service', 'install', '--user', '--output', unit],
        bareEnv(dir),
        dir,
      )
      expect(service.code).toBe(0)
      const text = readFileSync(unit, 'utf8')
      expect(text).toContain(`ExecStart=${exe} --data-dir ${join(dir, 'data')} daemon\n`)
      expect(text).toContain(`Environment="NODE_OPTIONS=${DAEMON_NODE_OPTIONS}"\n`)
      rmSync(exe + '.addons', { recursive: true })
      const alone = await runOnce([exe, '--data-dir', join(dir, 'data'), 'daemon', '--no-network'], bareEnv(dir), dir)
      expect(alone.code).toBe(1)
      expect(alone.stderr.trim().split('\n')).toHaveLength(1)
      expect(alone.stderr).toContain(`${basename(exe)}.addons ships with the executable`)
    },
  )
})
