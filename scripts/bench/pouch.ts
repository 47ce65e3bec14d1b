import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

/**
 * PouchDB, the usual JavaScript offline-sync choice, as the yardstick for catch-up: the same
 * 10,000 notes in blocks of 100, one replication between two databases in one process (no HTTP,
 * so a lower bound for PouchDB). `leveldb` is what PouchDB stores on disk in Node (our logs are
 * on disk too); `memory` keeps nothing.
 */
type PouchAdapter = 'memory' | 'leveldb'

type PouchDb = { bulkDocs(d: object[]): Promise<unknown>; info(): Promise<{ doc_count: number }>; close(): Promise<void> }
type PouchClass = { new (name: string, o: object): PouchDb; replicate(a: PouchDb, b: PouchDb): Promise<unknown> }
let pouchClass: PouchClass | null = null

/** PouchDB with both adapters and replication; plugins go on its one class once. */
function pouchDb(): PouchClass {
  if (pouchClass !== null) return pouchClass
  const require = createRequire(import.meta.url)
  type Plugged = { plugin(p: unknown): Plugged }
  pouchClass = (require('pouchdb-core') as Plugged)
    .plugin(require('pouchdb-adapter-memory'))
    .plugin(require('pouchdb-adapter-leveldb'))
    .plugin(require('pouchdb-replication')) as unknown as PouchClass
  return pouchClass
}

/** Fill one database with `ops` notes, replicate it into an empty one; returns the replication's ms. */
export async function pouchReplication(adapter: PouchAdapter, dir: string, run: string, ops: number, batch: number): Promise<number> {
  const P = pouchDb()
  const name = (side: string) => (adapter === 'memory' ? `bench-${side}-${run}-${Date.now()}` : join(dir, `pouch-${side}-${run}`))
  const a = new P(name('a'), { adapter })
  const b = new P(name('b'), { adapter })
  for (let i = 0; i < ops; i += batch) {
    await a.bulkDocs(
      Array.from({ length: Math.min(batch, ops - i) }, (_, j) => ({
        _id: `n${String(i + j).padStart(6, '0')}`,
        type: 'notes.post',
        person: 'admin',
        text: `bench note ${i + j}`,
        hlc: { t: Date.now(), c: 0 },
      })),
    )
  }
  const started = performance.now()
  await P.replicate(a, b)
  const ms = performance.now() - started
  if ((await b.info()).doc_count !== ops) throw new Error('PouchDB replication incomplete')
  await a.close()
  await b.close()
  return ms
}

/**
 * One replication in a fresh Node process: PouchDB's code is as cold as a daemon's right after a
 * restart, which is what the restart catch-up is compared with.
 */
export async function pouchReplicationInFreshProcess(dir: string, run: string, ops: number, batch: number): Promise<number> {
  const script = fileURLToPath(import.meta.url)
  const { stdout } = await promisify(execFile)(process.execPath, [script, dir, run, String(ops), String(batch)])
  const ms = Number(stdout.trim())
  if (!Number.isFinite(ms)) throw new Error(`PouchDB process printed ${JSON.stringify(stdout)}`)
  return ms
}

// `node pouch.js DIR RUN OPS BATCH`: one on-disk replication, its ms on stdout
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, run, ops, batch] = process.argv.slice(2)
  if (dir === undefined || run === undefined) throw new Error('usage: pouch.js DIR RUN OPS BATCH')
  process.stdout.write(`${await pouchReplication('leveldb', dir, run, Number(ops), Number(batch))}\n`)
}
