import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { OperationDraft } from '../../protocol/index.js'
import { startBenchDaemon } from './bench-daemon.js'
import { percentile, printTable, verdict, type Row } from './table.js'

/**
 * History lookup (issue #20: p99 under 10 ms for a record with 1,000 operations in a
 * 1,000,000-operation site). A site of BENCH_HISTORY_OPS operations (default 5,000; 20,000 fit in
 * about three minutes on the shared 2-core machine under a load of 24) in blocks of 1,000 through `ops.submit`: mostly
 * shift notes, one in ten a roll received (which writes history for the roll, its product and its
 * shelf), and 1,000 edits of one product spread through the run, so its history is 1,000 entries
 * deep among all the others. Then `history.get` over the socket, a page (100) and all 1,000, and
 * `stock.lookup` of a roll as the anchor (the same socket round trip, one record read).
 */
export async function benchHistory(bin: string): Promise<void> {
  const total = Number(process.env.BENCH_HISTORY_OPS ?? 5_000)
  const blocks = Math.max(1, Math.floor(total / 1000))
  const rows: Row[] = []
  const dir = await mkdtemp(join(tmpdir(), 'op-bench-history-'))
  const daemon = await startBenchDaemon(bin, dir, ['--no-network'])
  const client = await daemon.connect()
  try {
    await client.call('session.signIn', { person: 'admin', pin: daemon.adminSecret! })
    const products = Array.from({ length: 100 }, (_, i) => ({
      sku: `P${i}`,
      name: `Product ${i}`,
      unit: 'm' as const,
      barcodes: [],
      attributes: {},
    }))
    await client.call('catalog.upsert', {
      products: [...products, { sku: 'HOT', name: 'Hot 0', unit: 'm' as const, barcodes: [], attributes: {} }],
      locations: [{ code: 'A-01', barcode: null, rack: 'A', bin: '01' }],
    })
    let edits = 0
    let roll = 0
    const t0 = performance.now()
    for (let b = 0; b < blocks; b++) {
      const ops: OperationDraft[] = []
      const editsHere = Math.floor(((b + 1) * 1000) / blocks) - edits
      for (let e = 0; e < editsHere; e++) {
        edits++
        // an edit of the name only, as catalog.upsert makes it (the field merge's path)
        ops.push({
          type: 'catalog.products.upsert',
          payload: {
            products: [{ sku: 'HOT', name: `Hot ${edits}`, unit: 'm', barcodes: [], attributes: {} }],
            edits: [{ fields: ['name'], seen: {} }],
          },
        })
      }
      while (ops.length < 1000) {
        if (ops.length % 10 === 0) {
          roll++
          ops.push({
            type: 'stock.receive',
            payload: { sku: `P${roll % 100}`, lot: 'L1', location: 'A-01', supplier: null, rolls: [{ code: `R-${roll}`, milli: 5000 }] },
          })
        } else ops.push({ type: 'notes.post', payload: { text: `note ${b}-${ops.length}` } })
      }
      await client.call('ops.submit', { ops })
    }
    const built = (performance.now() - t0) / 1000
    const seq = (await client.call('system.status')).view.seq
    rows.push({
      measure: `site built: operations folded (blocks of 1,000)`,
      value: `${seq.toLocaleString('en')} in ${built.toFixed(0)} s`,
      target: '',
      verdict: '',
    })

    const time = async (n: number, call: () => Promise<unknown>): Promise<number[]> => {
      const out: number[] = []
      for (let i = 0; i < n; i++) {
        const t = performance.now()
        await call()
        out.push(performance.now() - t)
      }
      return out.sort((a, b) => a - b)
    }
    const page = await time(300, () => client.call('history.get', { record: 'HOT', limit: 100 }))
    const whole = await time(100, () => client.call('history.get', { record: 'product/HOT', limit: 1000 }))
    const anchor = await time(300, () => client.call('stock.lookup', { code: `R-${1 + (roll >> 1)}` }))
    const check = await client.call('history.get', { record: 'product/HOT', limit: 1000 })
    const deep = check.entries.length
    const a99 = percentile(anchor, 99)
    const ms = (v: number) => `${v.toFixed(2)} ms`
    rows.push({
      measure: `anchor: stock.lookup of a roll, p50 / p99`,
      value: `${ms(percentile(anchor, 50))} / ${ms(a99)}`,
      target: '',
      verdict: '',
    })
    const p99 = percentile(page, 99)
    rows.push({
      measure: `history.get, newest 100 of a product with ${deep} edits, p50 / p99 (x anchor p99)`,
      value: `${ms(percentile(page, 50))} / ${ms(p99)} (${(p99 / a99).toFixed(1)}x)`,
      target: 'p99 < 10 ms',
      verdict: verdict(p99 < 10),
    })
    const w99 = percentile(whole, 99)
    rows.push({
      measure: `history.get, all ${deep} entries, p50 / p99 (x anchor p99)`,
      value: `${ms(percentile(whole, 50))} / ${ms(w99)} (${(w99 / a99).toFixed(1)}x)`,
      target: 'p99 < 10 ms',
      verdict: verdict(w99 < 10),
    })
    printTable(`History lookup (${seq.toLocaleString('en')} operations; issue #20 asks 1,000,000)`, rows)
  } finally {
    client.close()
    await daemon.stop()
    await rm(dir, { recursive: true, force: true })
  }
}
