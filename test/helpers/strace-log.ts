/**
 * A reader of `strace -f -s N -e trace=openat,close,write,writev,fdatasync,fsync` output: which
 * descriptor named which file when, and the order in which system calls finished. Under -f a call
 * can be split into "<unfinished ...>" and "<... NAME resumed>" lines; a call counts where it
 * finished.
 */
export interface Syscall {
  /** Its place in the trace, in the order the calls finished. */
  at: number
  pid: string
  name: string
  fd: number
  /** The file the descriptor named at the time (openat's path), if the trace showed it. */
  path: string | null
  /** The call's text (arguments, truncated by strace). */
  text: string
  result: number
}

export function readStrace(trace: string): Syscall[] {
  const calls: Syscall[] = []
  const pending = new Map<string, string>() // pid -> the unfinished call's start
  const files = new Map<number, string>() // fd -> path (threads of one process share descriptors)
  for (const raw of trace.split('\n')) {
    const m = /^(\d+)\s+(.*)$/.exec(raw)
    if (m === null) continue
    const [, pid = '', rest = ''] = m
    let line = rest
    const unfinished = /^(.*) <unfinished \.\.\.>$/.exec(line)
    if (unfinished !== null) {
      pending.set(pid, unfinished[1] ?? '')
      continue
    }
    const resumed = /^<\.\.\. \w+ resumed>(.*)$/.exec(line)
    if (resumed !== null) {
      line = (pending.get(pid) ?? '') + (resumed[1] ?? '')
      pending.delete(pid)
    }
    const call = /^(\w+)\((.*)\)\s+=\s+(-?\d+)/.exec(line)
    if (call === null) continue
    const [, name = '', args = '', ret = ''] = call
    const result = Number(ret)
    if (name === 'openat') {
      const path = /"([^"]*)"/.exec(args)?.[1]
      if (result >= 0 && path !== undefined) files.set(result, path)
      continue
    }
    const fd = Number(/^(\d+)/.exec(args)?.[1] ?? NaN)
    calls.push({ at: calls.length, pid, name, fd, path: files.get(fd) ?? null, text: args, result })
    if (name === 'close') files.delete(fd)
  }
  return calls
}
