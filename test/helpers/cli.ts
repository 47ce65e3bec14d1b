import { spawn, type ChildProcessByStdio } from 'node:child_process'
import type { Readable } from 'node:stream'
import { DAEMON_NODE_FLAGS } from '../../daemon/config.js'
import { DAEMON_ENV } from '../../daemon/memory.js'
import { OUTPOST_BIN } from './daemon-process.js'

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** `outpost ARGS` after the node binary, as its shebang runs it (bin/outpost.ts): its Node flags, then the script; DAEMON_ENV is its environment. */
export function outpostArgv(args: string[]): string[] {
  return [...DAEMON_NODE_FLAGS, OUTPOST_BIN, ...args]
}

/** Run the real `outpost` command, as a script on the node would: with what its shebang gives it. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  onStdout?: (chunk: string) => void,
  wrap: string[] = [],
  cwd?: string,
): Promise<CliResult> {
  return spawnCli(args, env, onStdout, wrap, cwd).done
}

/** `runCli`, with the process itself: for a test that stops it half-way (a person's Ctrl-C, a power cut). */
export function spawnCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  onStdout?: (chunk: string) => void,
  wrap: string[] = [],
  cwd?: string,
): { proc: ChildProcessByStdio<null, Readable, Readable>; done: Promise<CliResult> } {
  const proc = spawn(
    wrap[0] ?? process.execPath,
    [...(wrap.length > 0 ? [...wrap.slice(1), process.execPath] : []), ...outpostArgv(args)],
    { env: { ...process.env, ...DAEMON_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...(cwd !== undefined ? { cwd } : {}) },
  )
  const done = new Promise<CliResult>((resolve) => {
    let stdout = ''
    let stderr = ''
    proc.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c
      onStdout?.(c)
    })
    proc.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    proc.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
  return { proc, done }
}
