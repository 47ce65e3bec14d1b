import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Corestore from 'corestore'
import { openViewBee } from '../../daemon/view/view-bee.js'
import type { HistoryEntry } from '../../protocol/index.js'
import { historyKey, productKey, rollKey } from '../../daemon/view/keys.js'
import { HistoryReader } from '../../daemon/view/history-reader.js'
import { percentile, printTable, verdict, type Row } from './table.js'

/**
 * History lookup at the size the issue names (issue #20: p99 under 10 ms for a record with 1,000
 * operations in a 1,000,000-operation site). Folding a million operations through the socket
 * takes hours here (the socket bench, history.ts, folds 20,000 in about three minutes), so this
 * one writes the view the fold would have written straight into a Hyperbee in the same Corestore
 * shape the node opens (`view`, utf-8 keys, JSON values): per operation, its history entries
 * under `history/<record>\0<seq>` (one in ten a roll received: the roll, its product and its
 * shelf; the rest a note on a roll) and the records themselves; one product (HOT) edited 1,000
 * times spread through the run. Then HistoryReader.entries, the code `history.get` runs, reads
 * the newest 100 and all 1,000, against one record read (`roll/…`) as the anchor. No socket: the
 * figure is the index's, the socket's round trip is the socket bench's anchor.
 */
export async function benchHistoryIndex(sizes: number[]): Promise<void> {
  const rows: Row[] = []
  for (const total of sizes) rows.push(...(await oneSize(total)))
  printTable('History lookup in the view index, a record with 1,000 operations (written straight into the view)', rows)
}

/** Sizes from the command line: `npm run bench history-index [--full]`; --full adds 1,000,000. */
export function historyIndexSizes(args: string[]): number[] {
  const env = process.env.BENCH_HISTORY_INDEX_OPS
  if (env !== undefined) return [Number(env)]
  // writing the view runs at about 1,200 ops/s here (300,000 took 248 s): the default stays near three minutes
  return args.includes('--full') ? [10_000, 100_000, 1_000_000] : [10_000, 100_000]
}

const BATCH = 5_000

async function oneSize(total: number): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'op-bench-history-index-'))
  const store = new Corestore(dir)
  const bee = openViewBee(store)
  await bee.ready()
  try {
    const t0 = performance.now()
    const hotEvery = Math.floor(total / 1000)
    let rolls = 0
    for (let start = 1; start <= total; start += BATCH) {
      const batch = bee.batch()
      for (let seq = start; seq < Math.min(start + BATCH, total + 1); seq++) {
        const base = {
          seq,
          op: `op-${seq}`,
          person: 'admin',
          node: 'a'.repeat(64),
          at: 1_700_000_000_000 + seq,
          status: 'applied' as const,
        }
        if (seq % hotEvery === 0 && seq / hotEvery <= 1000) {
          const entry: HistoryEntry = {
            ...base,
            type: 'catalog.products.upsert',
            changed: true,
            before: { sku: 'HOT', name: `Hot ${seq - 1}`, unit: 'm', barcodes: [], attributes: {} },
            fields: [{ field: 'name', value: `Hot ${seq}`, outcome: 'stands' }],
          }
          await batch.put(historyKey(productKey('HOT'), seq), entry)
          await batch.put(productKey('HOT'), { sku: 'HOT', name: `Hot ${seq}`, unit: 'm', barcodes: [], attributes: {} })
        } else if (seq % 10 === 0) {
          rolls++
          const roll = rollKey(`R-${rolls}`)
          const also = [roll, productKey(`P${rolls % 100}`), 'location/A-01']
          for (const ref of also) {
            const entry: HistoryEntry = { ...base, type: 'stock.receive', changed: true, before: null, also: also.filter((r) => r !== ref) }
            await batch.put(historyKey(ref, seq), entry)
          }
          await batch.put(roll, { code: `R-${rolls}`, sku: `P${rolls % 100}`, lot: 'L1', location: 'A-01', milli: 5000, state: 'in-stock' })
        } else {
          // a note on a roll received earlier: an entry in that roll's history
          const ref = rollKey(`R-${1 + (seq % Math.max(1, rolls))}`)
          await batch.put(historyKey(ref, seq), { ...base, type: 'notes.post', changed: false } satisfies HistoryEntry)
        }
      }
      await batch.flush()
    }
    const built = (performance.now() - t0) / 1000
    const reader = new HistoryReader(bee)
    const time = async (n: number, call: (i: number) => Promise<unknown>): Promise<number[]> => {
      const out: number[] = []
      for (let i = 0; i < n; i++) {
        const t = performance.now()
        await call(i)
        out.push(performance.now() - t)
      }
      return out.sort((a, b) => a - b)
    }
    const hot = productKey('HOT')
    const deep = (await reader.all(hot)).length
    const anchor = await time(1000, (i) => bee.get(rollKey(`R-${1 + ((i * 7919) % rolls)}`)))
    const page = await time(1000, () => reader.entries(hot, { limit: 100 }))
    const older = await time(300, (i) => reader.entries(hot, { limit: 100, before: total - ((i * 104_729) % total) }))
    const whole = await time(100, () => reader.entries(hot, { limit: 1000 }))
    const a99 = percentile(anchor, 99)
    const ms = (v: number) => `${v.toFixed(2)} ms`
    const of = (xs: number[]) => `${ms(percentile(xs, 50))} / ${ms(percentile(xs, 99))} (${(percentile(xs, 99) / a99).toFixed(1)}x)`
    const n = total.toLocaleString('en')
    return [
      { measure: `${n} ops: view written (history entries, records)`, value: `in ${built.toFixed(0)} s`, target: '', verdict: '' },
      {
        measure: `${n} ops: anchor, one record read, p50 / p99`,
        value: `${ms(percentile(anchor, 50))} / ${ms(a99)}`,
        target: '',
        verdict: '',
      },
      {
        measure: `${n} ops: newest 100 of ${deep} entries, p50 / p99 (x anchor)`,
        value: of(page),
        target: 'p99 < 10 ms',
        verdict: verdict(percentile(page, 99) < 10),
      },
      {
        measure: `${n} ops: a page of 100 further back, p50 / p99 (x anchor)`,
        value: of(older),
        target: 'p99 < 10 ms',
        verdict: verdict(percentile(older, 99) < 10),
      },
      { measure: `${n} ops: all ${deep} entries, p50 / p99 (x anchor)`, value: of(whole), target: '', verdict: '' },
    ]
  } finally {
    await bee.close()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
}
