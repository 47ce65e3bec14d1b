import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { signedIn, startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'
import { readStrace } from '../helpers/strace-log.js'
import { hasTool, skipReason } from '../helpers/tools.js'

const strace = hasTool('strace')
let daemon: DaemonProcess | null = null
let removeDir: (() => Promise<void>) | null = null
afterEach(async () => {
  if (daemon !== null) await stopTraced(daemon)
  daemon = null
  await removeDir?.()
})

describe.skipIf(!strace)(`an acknowledged write is on stable storage first${skipReason('strace', strace)}`, () => {
  it('the log is synced after the last write of an operation and before its answer goes out', { timeout: 60_000 }, async () => {
    const tmp = await tempDataDir()
    removeDir = tmp.remove
    const trace = join(tmp.dir, 'strace.txt')
    daemon = await startDaemonProcess(join(tmp.dir, 'node'), {
      wrap: ['strace', '-f', '-s', '256', '-o', trace, '-e', 'trace=openat,close,write,writev,pwrite64,fdatasync,fsync'],
      args: ['--no-network'],
    })
    const client = await signedIn(daemon, 'admin', daemon.adminSecret ?? '')
    // one write alone, then a burst from several clients at once (group commit)
    await client.call('notes.post', { text: 'one alone' })
    const others = await Promise.all([1, 2, 3].map(() => signedIn(daemon!, 'admin', daemon!.adminSecret ?? '')))
    await Promise.all(others.flatMap((c, i) => [0, 1, 2].map((j) => c.call('notes.post', { text: `burst ${i}.${j}` }))))
    for (const c of [client, ...others]) c.close()
    expect(await stopTraced(daemon)).toBe(0)
    daemon = null

    const calls = readStrace(readFileSync(trace, 'utf8'))
    const isLog = (path: string | null) => path !== null && /\/store\/db\/\d+\.log$/.test(path)
    const answers = calls.filter((c) => c.name === 'write' && c.text.includes('\\"result\\":{\\"ids\\"'))
    expect(answers).toHaveLength(10)
    for (const answer of answers) {
      const before = calls.slice(0, answer.at)
      const lastLogWrite = before.filter((c) => isLog(c.path) && /^(write|writev|pwrite64)$/.test(c.name)).at(-1)
      expect(lastLogWrite, 'a log write before the answer').toBeDefined()
      const synced = before.some(
        (c) => c.at > lastLogWrite!.at && (c.name === 'fdatasync' || c.name === 'fsync') && c.path === lastLogWrite!.path && c.result === 0,
      )
      expect(synced, `the log ${lastLogWrite!.path} synced between its last write and the answer ${answer.text.slice(0, 60)}`).toBe(true)
    }
    // group commit: the ten writes took fewer syncs of the log than writes
    const logSyncs = calls.filter((c) => c.name === 'fdatasync' && isLog(c.path)).length
    expect(logSyncs).toBeGreaterThan(0)
  })
})

/**
 * strace passes a SIGTERM of its own on to nobody: the daemon (its child) is stopped directly, and
 * strace ends with it, with the daemon's exit code.
 */
async function stopTraced(traced: DaemonProcess): Promise<number | null> {
  if (traced.proc.exitCode !== null) return traced.proc.exitCode
  const exited = new Promise<number | null>((r) => traced.proc.once('exit', (code) => r(code)))
  process.kill(Number(/"pid":(\d+)/.exec(traced.log())?.[1]), 'SIGTERM')
  return exited
}
