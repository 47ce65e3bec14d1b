import { spawn } from 'node:child_process'
import { OUTPOST_BIN } from './daemon-process.js'

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Run the real `outpost` command, as a script on the node would. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  onStdout?: (chunk: string) => void,
  wrap: string[] = [],
  cwd?: string,
): Promise<CliResult> {
  return new Promise((resolve) => {
    const proc = spawn(
      wrap[0] ?? process.execPath,
      [...(wrap.length > 0 ? [...wrap.slice(1), process.execPath] : []), OUTPOST_BIN, ...args],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...(cwd !== undefined ? { cwd } : {}) },
    )
    let stdout = ''
    let stderr = ''
    proc.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c
      onStdout?.(c)
    })
    proc.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    proc.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}
