import { readFileSync } from 'node:fs'
import { writeFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { signedIn, startDaemonProcess, tempDataDir, type DaemonProcess } from '../helpers/daemon-process.js'
import { cutPower } from '../helpers/power-cut.js'
import { readStrace } from '../helpers/strace-log.js'
import { hasTool, skipReason } from '../helpers/tools.js'

/**
 * An acknowledged write survives a power cut: the daemon is killed while clients are writing, the
 * data dir keeps only what was synced (helpers/power-cut.ts), and the restarted node has every note
 * it answered "ok" to, with a view that matches its log. The same run with `syncWrites: false` is
 * the evidence that the simulated cut takes what was not synced: there, acknowledged notes are lost.
 */
const strace = hasTool('strace')
const running: DaemonProcess[] = []
const dirs: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const d of running.splice(0)) if (d.proc.exitCode === null && d.proc.signalCode === null) await d.kill()
  for (const remove of dirs.splice(0)) await remove()
})

interface Outcome {
  acknowledged: string[]
  /** bytes the cut took from the store's files */
  cutBytes: number
  /** the notes back after the restart, or why the node did not come back */
  back: Set<string> | Error
  consistent: boolean | null
}

async function writeThenCut(syncWrites: boolean): Promise<Outcome> {
  const tmp = await tempDataDir()
  dirs.push(tmp.remove)
  const dataDir = join(tmp.dir, 'node')
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  // the site key in a key file of its own (encryption at rest): a key file lost to the cut would
  // leave the whole store unreadable, so the cut must find it synced too
  await writeFile(join(dataDir, 'config.json'), JSON.stringify({ syncWrites, keyFile: 'site.key' }))
  const trace = join(tmp.dir, 'strace.txt')
  const traced = await startDaemonProcess(dataDir, {
    wrap: ['strace', '-f', '-s', '64', '-o', trace, '-e', 'trace=openat,close,write,writev,pwrite64,fdatasync,fsync'],
    args: ['--no-network'],
  })
  running.push(traced)
  const secret = traced.adminSecret ?? ''
  const clients = await Promise.all([0, 1, 2, 3].map(() => signedIn(traced, 'admin', secret)))
  const acknowledged: string[] = []
  let stop = false
  // four writers post notes one after another until the power goes; what was in flight then is lost
  // to its writer (no answer came), which is allowed: only answered notes must come back
  const writers = clients.map(async (client, w) => {
    for (let i = 0; !stop; i++) {
      const text = `w${w} note ${i}`
      try {
        await client.call('notes.post', { text })
        acknowledged.push(text)
      } catch {
        return
      }
    }
  })
  const daemonPid = Number(/"pid":(\d+)/.exec(traced.log())?.[1])
  expect(daemonPid, 'the daemon logged its pid').toBeGreaterThan(0)
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (acknowledged.length >= 40) resolve()
      else setImmediate(check)
    }
    check()
  })
  // the power goes while the four writers still have notes in flight
  const straceGone = new Promise<void>((r) => traced.proc.once('exit', () => r()))
  process.kill(daemonPid, 'SIGKILL')
  stop = true
  await straceGone
  await Promise.all(writers)
  for (const c of clients) c.close()
  const answered = [...acknowledged]

  const cut = await cutPower(readStrace(readFileSync(trace, 'utf8')))
  let cutBytes = 0
  for (const { had, kept } of cut.values()) cutBytes += had - kept

  let back: Set<string> | Error
  let consistent: boolean | null = null
  try {
    const again = await startDaemonProcess(dataDir, { args: ['--no-network'] })
    running.push(again)
    const client = await signedIn(again, 'admin', secret)
    const notes = (await client.call('notes.list', { limit: 500 })) as { text: string }[]
    back = new Set(notes.map((n) => n.text))
    consistent = ((await client.call('system.verify', {})) as { consistent: boolean }).consistent
    client.close()
    await again.stop()
  } catch (err) {
    back = err instanceof Error ? err : new Error(String(err))
  }
  return { acknowledged: answered, cutBytes, back, consistent }
}

describe.skipIf(!strace)(`a power cut keeps every acknowledged write${skipReason('strace', strace)}`, () => {
  it(
    'synced: every note answered "ok" is back after the cut, the view matches the log, the key file is whole',
    { timeout: 120_000 },
    async () => {
      const { acknowledged, cutBytes, back, consistent } = await writeThenCut(true)
      expect(acknowledged.length).toBeGreaterThanOrEqual(40)
      // the cut took what was not synced (at least RocksDB's info log; the second test shows it
      // takes acknowledged notes when they were not synced)
      expect(cutBytes, 'bytes the power cut took').toBeGreaterThan(0)
      if (back instanceof Error) throw back
      const lost = acknowledged.filter((t) => !back.has(t))
      expect(lost, 'acknowledged notes lost in the power cut').toEqual([])
      expect(consistent).toBe(true)
    },
  )

  it('not synced (syncWrites false): the same cut loses acknowledged notes, so the test above can fail', { timeout: 120_000 }, async () => {
    const { acknowledged, cutBytes, back } = await writeThenCut(false)
    expect(acknowledged.length).toBeGreaterThanOrEqual(40)
    expect(cutBytes).toBeGreaterThan(0)
    const lost = back instanceof Error ? acknowledged : acknowledged.filter((t) => !back.has(t))
    expect(lost.length, 'acknowledged notes lost without syncing').toBeGreaterThan(0)
  })
})
