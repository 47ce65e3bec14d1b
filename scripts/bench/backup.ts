import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeBackup } from '../../daemon/backup/write-backup.js'
import { restoreBackup } from '../../daemon/backup/restore.js'
import type { OperationDraft } from '../../protocol/index.js'
import { startBenchDaemon } from './bench-daemon.js'
import { printTable, verdict, type Row } from './table.js'

/**
 * Backup and restore of a node of BENCH_BACKUP_OPS operations (default 100,000; issue #19 asks
 * for 100,000): shift notes in blocks of 1,000 through `ops.submit`, then `backup.*` from a
 * client in this process into a file (Argon2id at its default limits, as `outpost backup`),
 * then the restore into an empty dir, then the restored daemon's start to ready, and its view
 * hash against the backup's.
 */
export async function benchBackup(bin: string): Promise<void> {
  const total = Number(process.env.BENCH_BACKUP_OPS ?? 100_000)
  const blocks = Math.max(1, Math.floor(total / 1000))
  const rows: Row[] = []
  const dir = await mkdtemp(join(tmpdir(), 'op-bench-backup-'))
  const source = join(dir, 'source')
  const target = join(dir, 'restored')
  const file = join(dir, 'node.op')
  const daemon = await startBenchDaemon(bin, source, ['--no-network'])
  try {
    const client = await daemon.connect()
    let manifestHash = ''
    try {
      await client.call('session.signIn', { person: 'admin', pin: daemon.adminSecret! })
      const t0 = performance.now()
      for (let b = 0; b < blocks; b++) {
        const ops: OperationDraft[] = []
        for (let i = 0; i < 1000; i++) ops.push({ type: 'notes.post', payload: { text: `note ${b}-${i}: a shift note of a usual length` } })
        await client.call('ops.submit', { ops })
      }
      const built = (performance.now() - t0) / 1000
      const seq = (await client.call('system.status')).view.seq
      rows.push({
        measure: 'node built: operations folded (blocks of 1,000)',
        value: `${seq.toLocaleString('en')} in ${built.toFixed(0)} s (${((built * 1000) / seq).toFixed(2)} ms/op)`,
        target: '',
        verdict: '',
      })
      const t1 = performance.now()
      const { manifest, entries, bytes } = await writeBackup(
        {
          begin: () => client.call('backup.begin', {}),
          read: (id, after) => client.call('backup.read', { id, after }),
          end: async (id) => void (await client.call('backup.end', { id })),
        },
        file,
        'a passphrase of a bench',
      )
      const backupS = (performance.now() - t1) / 1000
      manifestHash = manifest.view.hash
      rows.push({
        measure: `backup of the running node: ${entries.toLocaleString('en')} store entries`,
        value: `${backupS.toFixed(1)} s, ${(bytes / 1e6).toFixed(1)} MB`,
        target: '',
        verdict: '',
      })
    } finally {
      client.close()
    }
    const storeBytes = await duBytes(join(source, 'store'))
    rows.push({ measure: 'the node store on disk', value: `${(storeBytes / 1e6).toFixed(1)} MB`, target: '', verdict: '' })
    const t2 = performance.now()
    await restoreBackup({ file, dataDir: target, passphrase: 'a passphrase of a bench', noPeerHoldsMore: true })
    const restoreS = (performance.now() - t2) / 1000
    rows.push({ measure: 'restore into an empty data dir', value: `${restoreS.toFixed(1)} s`, target: '', verdict: '' })
    const restored = await startBenchDaemon(bin, target, ['--no-network'])
    try {
      const probe = await restored.connect()
      const hash = (await probe.call('system.status')).view.hash
      probe.close()
      rows.push({ measure: 'restored daemon: start to ready', value: `${(restored.readyMs / 1000).toFixed(1)} s`, target: '', verdict: '' })
      rows.push({
        measure: 'restored view hash = the backup snapshot',
        value: hash === manifestHash ? 'same' : 'DIFFERENT',
        target: 'same',
        verdict: verdict(hash === manifestHash),
      })
    } finally {
      await restored.stop()
    }
  } finally {
    await daemon.stop()
    await rm(dir, { recursive: true, force: true })
  }
  printTable(`Backup and restore (${total.toLocaleString('en')} operations; issue #19)`, rows)
}

async function duBytes(path: string): Promise<number> {
  let sum = 0
  for (const entry of await readdir(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) sum += (await stat(join(entry.parentPath, entry.name))).size
  }
  return sum
}
