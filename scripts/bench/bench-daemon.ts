import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DAEMON_NODE_FLAGS } from '../../daemon/config.js'
import { daemonEnv } from '../../daemon/memory.js'
import { SocketClient } from '../../client/socket-client.js'

/** A daemon process for a benchmark, started from the built CLI. */
export interface BenchDaemon {
  proc: ChildProcess
  adminSecret: string | null
  /** Milliseconds from spawn until the socket answered system.status. */
  readyMs: number
  connect(): Promise<SocketClient>
  rssBytes(): number
  stop(): Promise<void>
}

/**
 * The Node flags a bench starts a daemon (or the durability bench's anchor) with: the daemon's
 * own, then BENCH_DAEMON_FLAGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", or
 * "--v8-pool-size=4" to take one of the daemon's back (a later flag wins).
 */
export function benchNodeFlags(): string[] {
  return [...DAEMON_NODE_FLAGS, ...(process.env.BENCH_DAEMON_FLAGS ?? '').split(' ').filter((flag) => flag !== '')]
}

export async function startBenchDaemon(
  bin: string,
  dataDir: string,
  extraArgs: string[] = ['--host', '127.0.0.1', '--port', '0'],
  env: NodeJS.ProcessEnv = {},
  /** 'socket': up when its socket first answers (the restart bench: the socket answers before the ready line, while the services open). */
  until: 'ready line' | 'socket' = 'ready line',
): Promise<BenchDaemon> {
  const started = performance.now()
  if (process.env.BENCH_DEBUG !== undefined) process.stderr.write(`start ${dataDir} ${extraArgs.join(' ')}\n`)
  // a variable given as '' is left out (the memory bench's anchor runs without MALLOC_ARENA_MAX)
  const merged: NodeJS.ProcessEnv = { ...process.env, ...daemonEnv({ ...process.env, ...env }), ...env }
  const childEnv = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined && v !== ''))
  const daemonArgs = ['--data-dir', dataDir, 'daemon', '--log-level', 'error', ...extraArgs]
  // a bin that is not a script is the packaged executable (dist-package/outpost-linux-x64): it takes
  // no Node flags on its command line, so they go in NODE_OPTIONS, as its service unit sets them
  const script = bin.endsWith('.js')
  const flags = benchNodeFlags()
  const proc = spawn(script ? process.execPath : bin, script ? [...flags, bin, ...daemonArgs] : daemonArgs, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: script ? childEnv : { ...childEnv, NODE_OPTIONS: flags.join(' ') },
  })
  let out = ''
  const exited0: { err: Error | null } = { err: null }
  const socketPath = join(dataDir, 'outpost.sock')
  const readyLine = new Promise<string | null>((resolve, reject) => {
    proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (process.env.BENCH_DEBUG !== undefined) process.stderr.write(chunk)
      out += chunk
      if (out.includes('daemon ready')) resolve(/shown once\): (\S+)/.exec(out)?.[1] ?? null)
    })
    proc.once('exit', (code) => reject((exited0.err = new Error(`daemon exited with ${code}: ${out}`))))
  })
  readyLine.catch(() => undefined)
  let adminSecret: string | null = null
  if (until === 'ready line') adminSecret = await readyLine
  // a stale socket file of the last run refuses connections until the new daemon listens
  for (;;) {
    if (exited0.err !== null) throw exited0.err
    try {
      const probe = await SocketClient.connect(socketPath)
      await probe.call('system.status')
      probe.close()
      break
    } catch {
      await new Promise((r) => setTimeout(r, 2))
    }
  }
  const readyMs = performance.now() - started
  const exited = new Promise<void>((r) => proc.once('exit', () => r()))
  return {
    proc,
    adminSecret,
    readyMs,
    connect: () => SocketClient.connect(socketPath),
    rssBytes: () => {
      const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8')
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024
    },
    stop: async () => {
      proc.kill('SIGTERM')
      await exited
    },
  }
}
