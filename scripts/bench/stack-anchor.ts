import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import Autobase from 'autobase'
import Hyperbee from 'hyperbee'
import { DAEMON_NODE_FLAGS } from '../../daemon/config.js'
import { DurableStore } from '../../daemon/durable.js'
import { boundHeap, daemonEnv } from '../../daemon/memory.js'
import { openCorestore } from '../../daemon/storage.js'

/**
 * The durability bench's anchor: the stack a note goes through with nothing of ours around it.
 * One Autobase on the daemon's store (same memory bounds, node flags and allocator), encrypted as
 * every site is, a Hyperbee view that takes what the fold of a note asks of it (three keys, each
 * read and then written, in one batch: the note, its "folded" mark and its audit entry), and the
 * same WAL sync (DurableStore) after each append. Timed in its own process, with no socket, no
 * client process, no validation, dry run or role checks: the floor a note cannot go under on
 * this machine with this stack, so the daemon's p99 can be read against it in the same run.
 */
export interface AnchorFigures {
  /** Milliseconds of each measured write, in order: `cold` right after start, `warm` after `filler` more. */
  cold: number[]
  warm: number[]
}

/** The same counts as the daemon's run: 50 to warm up, SINGLE measured, writes between, SINGLE again. */
export async function stackAnchor(dir: string, syncWrites: boolean, single: number, between: number): Promise<AnchorFigures> {
  boundHeap()
  const store = openCorestore(join(dir, 'store'))
  const base = new Autobase<Hyperbee>(store, null, {
    valueEncoding: 'json',
    fastForward: false,
    encryptionKey: randomBytes(32),
    open: (s) => new Hyperbee(s.get({ name: 'view' }), { extension: false, keyEncoding: 'utf-8', valueEncoding: 'json' }),
    apply: async (nodes, view) => {
      const batch = view.batch()
      for (const node of nodes) {
        const { i } = node.value as { i: number }
        for (const key of [`note/${i}`, `folded/${i}`, `audit/${i}`]) {
          if ((await batch.get(key)) === null) await batch.put(key, node.value)
        }
      }
      await batch.flush()
    },
  })
  await base.ready()
  const durable = DurableStore.of(store)
  let i = 0
  const write = async (): Promise<number> => {
    const started = performance.now()
    await base.append({ i: i++, text: `note ${i}`, at: Date.now() })
    if (syncWrites) await durable.sync()
    return performance.now() - started
  }
  const run = async (n: number): Promise<number[]> => {
    const ms: number[] = []
    for (let k = 0; k < n; k++) ms.push(await write())
    return ms
  }
  try {
    await run(50)
    const cold = await run(single)
    await run(between)
    const warm = await run(single)
    return { cold, warm }
  } finally {
    await durable.close()
    await base.close()
    await store.close()
  }
}

/** The anchor in a fresh process started as a daemon is (its node flags and allocator). */
export async function stackAnchorInFreshProcess(dir: string, syncWrites: boolean, single: number, between: number): Promise<AnchorFigures> {
  const script = fileURLToPath(import.meta.url)
  const args = [...DAEMON_NODE_FLAGS, script, dir, String(syncWrites), String(single), String(between)]
  const env = { ...process.env, ...daemonEnv() }
  const { stdout } = await promisify(execFile)(process.execPath, args, { env, maxBuffer: 16 * 1024 * 1024 })
  const figures = JSON.parse(stdout) as AnchorFigures
  if (figures.cold.length !== single || figures.warm.length !== single) throw new Error('the stack anchor measured too few writes')
  return figures
}

// `node stack-anchor.js DIR SYNCED SINGLE BETWEEN`: the figures as JSON on stdout
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, synced, single, between] = process.argv.slice(2)
  if (dir === undefined) throw new Error('usage: stack-anchor.js DIR SYNCED SINGLE BETWEEN')
  const figures = await stackAnchor(dir, synced === 'true', Number(single), Number(between))
  process.stdout.write(`${JSON.stringify(figures)}\n`)
}
