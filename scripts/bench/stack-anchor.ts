/**
 * The durability bench's anchor: the stack a note goes through with nothing of ours around it.
 * One Autobase on the daemon's store (same memory bounds, node flags and allocator), encrypted as
 * every site is, the view opened as the node opens it, each record of a block costing what the
 * fold of a note costs the view at least (three keys, each read and then written, in one batch:
 * the note, its "folded" mark and its audit entry; the real fold reads a few more), and the same
 * WAL sync (DurableStore) after each append. Timed in its own process, with no socket, no client
 * process, no validation, dry run or role checks: the floor a note cannot go under on this
 * machine with this stack, so the daemon's p99 can be read against it in the same run.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import Autobase from 'autobase'
import type Hyperbee from 'hyperbee'
import { DurableStore } from '../../daemon/durable.js'
import { boundHeap, daemonEnv } from '../../daemon/memory.js'
import { openCorestore } from '../../daemon/storage.js'
import { openViewBee } from '../../daemon/view/view-bee.js'
import { benchNodeFlags } from './bench-daemon.js'

/** Single writes before any is measured, in the daemon's run and the anchor's. */
export const WARM_UP = 50

/** What the daemon's run writes between its two measured series: single writes, and blocks of many. */
export interface Between {
  singles: number
  blocks: number
  perBlock: number
}

export interface AnchorFigures {
  /** Milliseconds of each measured single write, in order: right after start, and warm (after `Between`). */
  cold: number[]
  warm: number[]
}

interface Block {
  records: Array<{ i: number; text: string; at: number }>
}

/** The daemon's counts: WARM_UP writes, `single` measured, `between`, `single` measured again. */
export async function stackAnchor(dir: string, syncWrites: boolean, single: number, between: Between): Promise<AnchorFigures> {
  boundHeap()
  const store = openCorestore(join(dir, 'store'))
  const base = new Autobase<Hyperbee>(store, null, {
    valueEncoding: 'json',
    fastForward: false,
    encryptionKey: randomBytes(32),
    open: openViewBee,
    apply: async (nodes, view) => {
      const batch = view.batch()
      for (const node of nodes) {
        if (node.value === null) continue // an Autobase ack: nothing to fold
        for (const rec of (node.value as Block).records) {
          for (const key of [`note/${rec.i}`, `folded/${rec.i}`, `audit/${rec.i}`]) {
            if ((await batch.get(key)) === null) await batch.put(key, rec)
          }
        }
      }
      await batch.flush()
    },
  })
  const durable = DurableStore.of(store)
  let next = 0
  const record = () => ({ i: next, text: `note ${next++}`, at: Date.now() })
  const write = async (records: number): Promise<number> => {
    const started = performance.now()
    await base.append({ records: Array.from({ length: records }, record) } satisfies Block)
    if (syncWrites) await durable.sync()
    return performance.now() - started
  }
  const singles = async (n: number): Promise<number[]> => {
    const ms: number[] = []
    for (let k = 0; k < n; k++) ms.push(await write(1))
    return ms
  }
  try {
    await base.ready()
    await singles(WARM_UP)
    const cold = await singles(single)
    await singles(between.singles)
    for (let b = 0; b < between.blocks; b++) await write(between.perBlock)
    const warm = await singles(single)
    return { cold, warm }
  } finally {
    await durable.close()
    await base.close()
    await store.close()
  }
}

/** The anchor in a fresh process started as a bench starts a daemon (its Node flags and allocator). */
export async function stackAnchorInFreshProcess(
  dir: string,
  syncWrites: boolean,
  single: number,
  between: Between,
): Promise<AnchorFigures> {
  const script = fileURLToPath(import.meta.url)
  const args = [...benchNodeFlags(), script, dir, String(syncWrites), String(single), JSON.stringify(between)]
  const env = { ...process.env, ...daemonEnv() }
  const { stdout } = await promisify(execFile)(process.execPath, args, { env, maxBuffer: 16 * 1024 * 1024 })
  const figures = JSON.parse(stdout) as AnchorFigures
  if (figures.cold.length !== single || figures.warm.length !== single) throw new Error('the stack anchor measured too few writes')
  return figures
}

// `node stack-anchor.js DIR SYNCED SINGLE BETWEEN-JSON`: the figures as JSON on stdout
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, synced, single, between] = process.argv.slice(2)
  if (dir === undefined || between === undefined) throw new Error('usage: stack-anchor.js DIR SYNCED SINGLE BETWEEN-JSON')
  const figures = await stackAnchor(dir, synced === 'true', Number(single), JSON.parse(between) as Between)
  process.stdout.write(`${JSON.stringify(figures)}\n`)
}
