import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { startBenchDaemon } from './bench-daemon.js'
import { percentile, printTable, verdict, type Row } from './table.js'

/**
 * Stock: importing 100,000 products from CSV (through `outpost import`, as a person would),
 * receiving rolls, and scan lookup latency over the socket with that catalog and those rolls.
 * BENCH_PRODUCTS and BENCH_ROLLS set the sizes (the sizes are 100,000 and 1,000,000).
 */
export async function benchStock(bin: string): Promise<void> {
  const products = Number(process.env.BENCH_PRODUCTS ?? 100_000)
  const rollsWanted = Number(process.env.BENCH_ROLLS ?? 100_000)
  const rows: Row[] = []
  const dir = await mkdtemp(join(tmpdir(), 'op-bench-stock-'))
  const daemon = await startBenchDaemon(bin, dir, ['--no-network'])
  const client = await daemon.connect()
  await client.call('session.signIn', { person: 'admin', pin: daemon.adminSecret! })

  const csv = ['sku,name,unit,barcodes,quality,color']
  for (let i = 0; i < products; i++) csv.push(`P${i},Product ${i},m,869${String(i).padStart(10, '0')},A,color${i % 40}`)
  const file = join(dir, 'products.csv')
  await writeFile(file, csv.join('\n'))
  const importCsv = async (path: string): Promise<{ code: number | null; seconds: number }> => {
    const t0 = performance.now()
    const code = await new Promise<number | null>((resolve) => {
      const proc = spawn(process.execPath, [bin, '--data-dir', dir, 'import', 'products', path, '--as', 'admin'], {
        env: { ...process.env, OUTPOST_PIN: daemon.adminSecret! },
        stdio: 'ignore',
      })
      proc.on('exit', resolve)
    })
    return { code, seconds: (performance.now() - t0) / 1000 }
  }
  const plain = await importCsv(file)
  rows.push({
    measure: `import ${products.toLocaleString('en')} products from CSV (outpost import)`,
    value: `${plain.seconds.toFixed(1)} s`,
    target: '< 20 s',
    verdict: verdict(plain.code === 0 && plain.seconds < 20),
  })
  // an ERP's wide rows: 10 barcodes and 20 attributes, 1.5 KB a row (1000 of them overran a 1 MiB frame)
  const attributes = Array.from({ length: 20 }, (_, a) => `attr${a + 1}`)
  const wideCsv = [['sku', 'name', 'unit', 'barcodes', ...attributes].join(';')]
  for (let i = 0; i < 1500; i++) {
    const barcodes = Array.from({ length: 10 }, (_, b) => `868${String(i * 10 + b).padStart(10, '0')}`).join('|')
    wideCsv.push(
      [
        `WIDE-${i}`,
        `Poplin geniş en ${i} ${'ğ'.repeat(40)}`,
        'm',
        barcodes,
        ...attributes.map((a) => `${a} değeri ${i} ${'ş'.repeat(20)}`.slice(0, 40)),
      ].join(';'),
    )
  }
  const wideFile = join(dir, 'products-wide.csv')
  await writeFile(wideFile, wideCsv.join('\r\n'))
  const wide = await importCsv(wideFile)
  rows.push({
    measure: 'import 1,500 products of 10 barcodes and 20 attributes from CSV (2.3 MB)',
    value: `${wide.seconds.toFixed(1)} s`,
    target: '< 10 s',
    verdict: verdict(wide.code === 0 && wide.seconds < 10),
  })

  await client.call('catalog.upsert', { locations: [{ code: 'A-01-1', barcode: null, rack: 'A', bin: '01-1' }] })
  const rssBefore = daemon.rssBytes()
  const t1 = performance.now()
  const perReceive = 500
  const milestone = Math.min(10_000, rollsWanted)
  for (let done = 0; done < rollsWanted; done += perReceive) {
    if (done === milestone) {
      rows.push({
        measure: `receive the first ${milestone.toLocaleString('en')} rolls (${perReceive} per receive)`,
        value: `${((performance.now() - t1) / 1000).toFixed(1)} s, RSS ${Math.round(rssBefore / 2 ** 20)} -> ${Math.round(daemon.rssBytes() / 2 ** 20)} MB`,
        target: '',
        verdict: '',
      })
    }
    await client.call('stock.receive', {
      product: `P${done % products}`,
      lot: `L${done}`,
      location: 'A-01-1',
      quantity: '50',
      rolls: Math.min(perReceive, rollsWanted - done),
      printer: null,
    })
  }
  const receiveS = (performance.now() - t1) / 1000
  rows.push({
    measure: `receive ${rollsWanted.toLocaleString('en')} rolls (${perReceive} per receive)`,
    value: `${receiveS.toFixed(1)} s, RSS ${Math.round(rssBefore / 2 ** 20)} -> ${Math.round(daemon.rssBytes() / 2 ** 20)} MB`,
    target: '',
    verdict: '',
  })

  const rolls = await client.call('stock.rolls', { limit: 1000 })
  const codes = [
    ...Array.from({ length: 1000 }, (_, i) => `869${String((i * 97) % products).padStart(10, '0')}`),
    ...rolls.map((r) => r.code),
  ]
  for (const c of codes.slice(0, 200)) await client.call('scan.resolve', { code: c }) // warm up
  const times: number[] = []
  for (let round = 0; round < 3; round++) {
    for (const c of codes) {
      const s = performance.now()
      await client.call('scan.resolve', { code: c })
      times.push(performance.now() - s)
    }
  }
  times.sort((a, b) => a - b)
  rows.push({
    measure: `scan lookup over the socket (products and rolls), ${products.toLocaleString('en')} products, ${rollsWanted.toLocaleString('en')} rolls`,
    value: `p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms`,
    target: 'p99 < 5 ms',
    verdict: verdict(percentile(times, 99) < 5),
  })
  client.close()
  await daemon.stop()
  await rm(dir, { recursive: true, force: true })
  printTable('Stock', rows)
}
