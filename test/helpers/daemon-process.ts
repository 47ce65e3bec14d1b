import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DAEMON_NODE_FLAGS } from '../../daemon/config.js'
import { daemonEnv } from '../../daemon/memory.js'
import { SocketClient } from '../../client/socket-client.js'

export const OUTPOST_BIN = resolve(import.meta.dirname, '../../dist/app/outpost.js')

if (!existsSync(OUTPOST_BIN)) {
  throw new Error(`${OUTPOST_BIN} is missing: run "npm run build" (npm test builds first)`)
}
// the bundle is made from tsc's output: after a `tsc -b` alone it would run the code before it
const DIST = resolve(import.meta.dirname, '../../dist')
const bundled = statSync(join(DIST, 'app', 'meta.json')).mtimeMs
const compiled = readdirSync(DIST, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(DIST, e.name, 'tsconfig.tsbuildinfo')))
  .map((e) => statSync(join(DIST, e.name, 'tsconfig.tsbuildinfo')).mtimeMs)
if (compiled.some((t) => t > bundled)) {
  throw new Error(`dist/app/ is older than what tsc -b wrote since: run "npm run build" (tsc -b, then the bundle)`)
}

export interface DaemonProcess {
  dataDir: string
  socketPath: string
  proc: ChildProcess
  /** The first admin's one-time secret, when this start founded the site. */
  adminSecret: string | null
  /** What the daemon wrote on stderr so far (its JSON log). */
  log: () => string
  connect: () => Promise<SocketClient>
  /** SIGTERM and wait for the exit. */
  stop: () => Promise<number | null>
  /** SIGKILL and wait for the exit. */
  kill: () => Promise<void>
}

/** A fresh data dir under the system temp dir; short, because socket paths are limited to 107 bytes. */
export async function tempDataDir(prefix = 'op-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  // retries: a process that is just stopping may still be closing files in it
  return { dir, remove: () => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }) }
}

/** Start `outpost daemon` in its own process and wait for its ready line. */
/** Loopback only, any free port: tests never bind the LAN or the fixed port, and run side by side. */
export const LOOPBACK = ['--host', '127.0.0.1', '--port', '0']

export async function startDaemonProcess(
  dataDir: string,
  opts: { env?: NodeJS.ProcessEnv; args?: string[]; /** run under this command, e.g. ip netns exec NS */ wrap?: string[] } = {},
): Promise<DaemonProcess> {
  const env = opts.env ?? {}
  const args = opts.args ?? LOOPBACK
  const wrap = opts.wrap ?? []
  const proc = spawn(
    wrap[0] ?? process.execPath,
    [
      ...(wrap.length > 0 ? [...wrap.slice(1), process.execPath] : []),
      ...DAEMON_NODE_FLAGS,
      OUTPOST_BIN,
      '--data-dir',
      dataDir,
      'daemon',
      '--log-level',
      process.env.OUTPOST_TEST_LOG_LEVEL ?? 'info',
      ...args,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      // metrics on any free port: tests run daemons side by side (OUTPOST_METRICS_PORT)
      env: { ...process.env, ...daemonEnv({ ...process.env, ...env }), OUTPOST_METRICS_PORT: '0', ...env },
    },
  )
  let out = ''
  let err = ''
  proc.stderr.setEncoding('utf8').on('data', (c: string) => {
    err += c
    if (process.env.OUTPOST_TEST_LOG_LEVEL !== undefined) process.stderr.write(c)
  })
  const adminSecret = await new Promise<string | null>((resolveReady, reject) => {
    let secret: string | null = null
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      const found = /one-time secret \(shown once\): (\S+)/.exec(out)
      if (found?.[1] !== undefined) secret = found[1]
      if (out.includes('daemon ready')) resolveReady(secret)
    })
    proc.once('exit', (code) => reject(new Error(`daemon exited with ${code} before ready:\n${out}\n${err}`)))
  })
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)))
  const socketPath = join(dataDir, 'outpost.sock')
  return {
    dataDir,
    socketPath,
    proc,
    adminSecret,
    log: () => err,
    connect: () => SocketClient.connect(socketPath),
    stop: async () => {
      proc.kill('SIGTERM')
      const code = await exited
      // a daemon that fails to stop cleanly says why in its log: show it with the failing test
      if (code !== 0) process.stderr.write(`daemon ${dataDir} exited with ${code}:\n${err.slice(-3000)}\n`)
      return code
    },
    kill: async () => {
      proc.kill('SIGKILL')
      await exited
    },
  }
}

/** Connect and sign in. */
export async function signedIn(daemon: DaemonProcess, person: string, pin: string): Promise<SocketClient> {
  const client = await daemon.connect()
  await client.call('session.signIn', { person, pin })
  return client
}

export { freeUdpPortPair as freeUdpPort } from '../../daemon/net/ports.js'
import { freeUdpPortPair } from '../../daemon/net/ports.js'

/** Loopback on a port of its own. */
export async function loopbackArgs(): Promise<string[]> {
  return ['--host', '127.0.0.1', '--port', String(await freeUdpPortPair())]
}
