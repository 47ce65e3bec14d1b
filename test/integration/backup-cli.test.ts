import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BackupWriter } from '../../daemon/backup/backup-file.js'
import { DAEMON_ENV } from '../../daemon/memory.js'
import { SocketClient } from '../../client/socket-client.js'
import { outpostArgv, runCli } from '../helpers/cli.js'
import { LOOPBACK, signedIn, startDaemonProcess } from '../helpers/daemon-process.js'
import { eventually } from '../helpers/eventually.js'
import { refusal } from '../helpers/refusal.js'

/** `outpost backup` and `outpost restore` refuse with one line and an exit code, and restore nothing. */

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'op-bkc-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const oneLine = (stderr: string) => {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1)
  return stderr.trim()
}

describe('outpost backup and restore on the command line', () => {
  it('without a terminal and without OUTPOST_BACKUP_PASSPHRASE: a usage error naming the variable', async () => {
    for (const args of [
      ['--data-dir', dir, 'backup', join(dir, 'b.op')],
      ['restore', join(dir, 'b.op'), join(dir, 'data')],
    ]) {
      const run = await runCli(args, { OUTPOST_BACKUP_PASSPHRASE: '' })
      expect(run.code, run.stderr).toBe(2)
      expect(oneLine(run.stderr)).toMatch(/no terminal to ask the backup passphrase on: set OUTPOST_BACKUP_PASSPHRASE \(E_USAGE\)$/)
    }
  })

  it('a wrong passphrase, a damaged file and a non-empty dir: one line each, nothing restored', async () => {
    const file = join(dir, 'b.op')
    const w = await BackupWriter.create(file, 'the right passphrase', { opslimit: 1, memlimit: 8192 })
    await w.frame(Buffer.from('{}'))
    await w.finish()
    const target = join(dir, 'data')
    const wrong = await runCli(['restore', file, target], { OUTPOST_BACKUP_PASSPHRASE: 'the wrong passphrase' })
    expect(wrong.code).toBe(1)
    expect(oneLine(wrong.stderr)).toBe(`outpost: wrong passphrase for the backup ${file} (E_BACKUP_PASSPHRASE)`)
    const damaged = join(dir, 'damaged.op')
    await writeFile(damaged, 'not a backup')
    const bad = await runCli(['restore', damaged, target], { OUTPOST_BACKUP_PASSPHRASE: 'the right passphrase' })
    expect(bad.code).toBe(1)
    expect(oneLine(bad.stderr)).toMatch(/is not an intact Outpost backup: .*\(E_BACKUP_DAMAGED\)$/)
    expect(await readdir(target).catch(() => [])).toEqual([])
    await mkdir(target, { recursive: true })
    await writeFile(join(target, 'config.json'), '{}')
    const full = await runCli(['restore', file, target], { OUTPOST_BACKUP_PASSPHRASE: 'the right passphrase' })
    expect(full.code).toBe(2)
    expect(oneLine(full.stderr)).toMatch(/is not empty: a backup is restored only into an empty data dir \(E_USAGE\)$/)
  })

  it('a passphrase shorter than 8 characters is refused before anything is written', async () => {
    const run = await runCli(['--data-dir', dir, 'backup', join(dir, 'b.op')], { OUTPOST_BACKUP_PASSPHRASE: 'short' })
    expect(run.code).toBe(2)
    expect(oneLine(run.stderr)).toMatch(/at least 8 characters/)
    expect(await readdir(dir)).toEqual([])
  })

  it(
    'a node of a site of one: restore says how to open it, the waiting node says it too, and it opens as backed up',
    { timeout: 120_000 },
    async () => {
      const data = join(dir, 'lone')
      const env = { OUTPOST_BACKUP_PASSPHRASE: 'the right passphrase' }
      let daemon = await startDaemonProcess(data)
      const client = await signedIn(daemon, 'admin', daemon.adminSecret!)
      await client.call('notes.post', { text: 'the only node' })
      const before = await client.call('system.status')
      client.close()
      const file = join(dir, 'lone.op')
      const backedUp = await runCli(['--data-dir', data, 'backup', file, '--as', 'admin'], { ...env, OUTPOST_PIN: daemon.adminSecret! })
      expect(backedUp.code, backedUp.stderr).toBe(0)
      await daemon.stop()

      const target = join(dir, 'back')
      const restored = await runCli(['restore', file, target], env)
      expect(restored.code, restored.stderr).toBe(0)
      // before: nothing said that a node with no peer would wait for ever
      expect(restored.stdout).toContain(
        `the backup names no peer of this node; if it had none (a site of one node), nothing will answer: then delete ${join(target, 'reclaim.json')}`,
      )
      // started as an operator would (the shebang's flags and environment); it never says ready
      // while it waits, so it is its own process here
      const waiting = spawn(process.execPath, outpostArgv(['--data-dir', target, 'daemon', ...LOOPBACK]), {
        stdio: 'ignore',
        env: { ...process.env, ...DAEMON_ENV },
      })
      const exited = new Promise((resolve) => waiting.once('exit', resolve))
      try {
        const socket = join(target, 'outpost.sock')
        await eventually(() => existsSync(socket), 'the restored daemon on its socket', { timeoutMs: 60_000 })
        const early = await SocketClient.connect(socket)
        const refused = await refusal(early.call('system.status'))
        early.close()
        expect(refused.code).toBe('E_RECLAIMING')
        expect(refused.message).toContain(`nothing will answer: stop it, delete ${join(target, 'reclaim.json')} and start it again`)
      } finally {
        waiting.kill('SIGTERM')
        await exited
      }

      // the operator does as it says: it opens as it was at the backup
      await rm(join(target, 'reclaim.json'))
      daemon = await startDaemonProcess(target)
      const again = await daemon.connect()
      const after = await again.call('system.status')
      again.close()
      await daemon.stop()
      expect(after.view.hash).toBe(before.view.hash)
      expect(after.node.key).toBe(before.node.key)
    },
  )
})
