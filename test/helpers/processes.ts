import { execFileSync } from 'node:child_process'
import { eventually } from './eventually.js'

/**
 * The processes (pid and command line) that name `dataDir`: a TUI, the daemon it started, a
 * daemon started by hand. Not a tmux server: it keeps the command line of the session that
 * started it, and outlives that session while other tests' sessions run on it (seen: a wait for
 * "no process of this data dir" timed out in CI because of it, with the TUI and its daemon long
 * gone).
 */
export function processesOf(dataDir: string): { pid: number; args: string }[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => {
      const [, pid, args] = /^\s*(\d+)\s+(.*)$/.exec(line) ?? []
      return { pid: Number(pid), args: args ?? '' }
    })
    .filter((p) => p.args.includes(dataDir) && !/^tmux\b/.test(p.args))
}

/**
 * Wait until no process names `dataDir` (a TUI that quit stops its daemon and waits for it, up to
 * 10 s before it kills it, so the default is twice that). The error lists the ones left.
 */
export async function processesGone(
  dataDir: string,
  what: string,
  opts: { timeoutMs?: number; evidence?: () => string } = {},
): Promise<void> {
  await eventually(() => processesOf(dataDir), what, {
    ok: (left) => left.length === 0,
    timeoutMs: opts.timeoutMs ?? 20_000,
    intervalMs: 100,
    evidence: opts.evidence,
  })
}
