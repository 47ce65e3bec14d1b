import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { resolveConfig } from '../../daemon/config.js'
import { createLogger } from '../../daemon/logger.js'
import { openNode } from '../../daemon/open-node.js'

/** A site of N rolls for the restart bench, as the restarts find it. */
export interface BuiltSite {
  rolls: number
  adminSecret: string
  /** Roll codes spread over the site, to scan after a restart. */
  sample: string[]
  /** The view's place and hash before the stop: a restarted node is caught up when it says the same. */
  seq: number
  hash: string
}

interface Progress {
  adminSecret: string
  done: number
}

const ROLLS_PER_OP = 500 // the receive payload's maximum
// 10,000 rolls a block, ~600 KB: under the socket's 1 MiB frame as well, but over the view writes
// the daemon now takes in one group (~80,000 against 6,144: daemon/memory.ts, groupWrites). Sites
// built before that are of this shape; BENCH_OPS_PER_BLOCK=1 builds one the daemon would accept.
function opsPerBlock(): number {
  const n = Number(process.env.BENCH_OPS_PER_BLOCK ?? 20)
  if (!Number.isInteger(n) || n < 1) throw new Error('BENCH_OPS_PER_BLOCK takes a whole number, 1 or more')
  return n
}
const ADMIN_SECRET = 'BNCH-REST-ARTS-ITE0'

export function rollCode(n: number): string {
  return `RB-${n.toString().padStart(7, '0')}`
}

/**
 * Build (or finish building) a site of `rolls` rolls in `dir`. In this process, through the
 * node's own append and fold, without the socket's dry run: 1M rolls through the socket took
 * ~1.8 h on the shared 2-core machine (150 rolls/s at load 20). The progress is kept in the dir
 * after every block, so a build that is stopped goes on from there the next time.
 */
export async function buildSite(dir: string, rolls: number): Promise<BuiltSite> {
  const marker = join(dir, 'restart-bench.json')
  if (existsSync(marker)) {
    const built = JSON.parse(await readFile(marker, 'utf8')) as BuiltSite
    if (built.rolls >= rolls) return built
    throw new Error(`${dir} holds a site of ${built.rolls} rolls, fewer than ${rolls}: use another --keep dir`)
  }
  const progressFile = join(dir, 'restart-bench-progress.json')
  const progress: Progress = existsSync(progressFile)
    ? (JSON.parse(await readFile(progressFile, 'utf8')) as Progress)
    : { adminSecret: ADMIN_SECRET, done: -1 }
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const config = resolveConfig({ dataDir: dir, logLevel: 'error', network: { enabled: false }, env: {} })
  const logger = createLogger('error')
  const { node } = await openNode(config, logger, { adminSecret: progress.adminSecret })
  try {
    const t0 = performance.now()
    if (progress.done < 0) {
      const drafts = [
        {
          type: 'catalog.products.upsert' as const,
          payload: { products: [{ sku: 'P1', name: 'Poplin', unit: 'm', barcodes: [], attributes: {} }] },
        },
        {
          type: 'catalog.locations.upsert' as const,
          payload: { locations: [{ code: 'A-01-1', barcode: null, rack: 'A', bin: '01-1' }] },
        },
      ]
      await node.append(node.stamp(drafts, 'admin'))
      progress.done = 0
      await writeFile(progressFile, JSON.stringify(progress))
    }
    const perBlock = ROLLS_PER_OP * opsPerBlock()
    while (progress.done < rolls) {
      const drafts = []
      for (let first = progress.done; first < Math.min(rolls, progress.done + perBlock); first += ROLLS_PER_OP) {
        const count = Math.min(ROLLS_PER_OP, rolls - first)
        drafts.push({
          type: 'stock.receive' as const,
          payload: {
            sku: 'P1',
            lot: `L${first}`,
            location: 'A-01-1',
            supplier: null,
            rolls: Array.from({ length: count }, (_, i) => ({ code: rollCode(first + i), milli: 50_000 })),
          },
        })
      }
      await node.append(node.stamp(drafts, 'admin'))
      progress.done = Math.min(rolls, progress.done + perBlock)
      await writeFile(progressFile, JSON.stringify(progress))
      process.stderr.write(`built ${progress.done} rolls, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`)
    }
    // a build stopped and taken up again with a smaller N holds what it holds
    const held = Math.max(rolls, progress.done)
    const meta = await node.read.system.meta()
    const sample = Array.from({ length: 10 }, (_, i) => rollCode(Math.floor((i * held) / 10)))
    const built: BuiltSite = { rolls: held, adminSecret: progress.adminSecret, sample, seq: meta.seq, hash: meta.hash }
    await writeFile(marker, JSON.stringify(built))
    return built
  } finally {
    await node.close()
  }
}
