import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { PROFILES, render, type RollLabel } from '../../printers/index.js'
import { previewSvg } from '../../printers/preview-png.js'
import { VirtualPrinter } from '../../printers/sim/virtual-printer.js'
import { startBenchDaemon } from './bench-daemon.js'
import { percentile, printTable, verdict, type Row } from './table.js'

const LABEL: RollLabel = {
  kind: 'roll-label',
  name: 'Kumaş Poplin',
  sku: 'POP-120-NV',
  attributes: [
    ['quality', 'A'],
    ['color', 'lacivert'],
  ],
  quantity: '1,720 m',
  lot: 'L2026-114',
  code: 'ROLL-2026-000123',
  symbology: 'code128',
}

/**
 * Printing: render time and size of a roll label (beside the same label as a raster image),
 * and the time from receiving a roll on a daemon to the last byte of its label at a virtual printer.
 */
export async function benchPrinting(bin: string): Promise<void> {
  const rows: Row[] = []
  for (const id of ['escpos-80-tr', 'escpos-58-tr'] as const) {
    const profile = PROFILES[id]
    for (let i = 0; i < 500; i++) render(LABEL, profile) // warm up
    const n = 20_000
    const t0 = performance.now()
    for (let i = 0; i < n; i++) render({ ...LABEL, code: `ROLL-2026-${String(i).padStart(6, '0')}` }, profile)
    const perLabel = (performance.now() - t0) / n
    const bytes = render(LABEL, profile).length
    const raster = previewSvg(LABEL, profile).rasterBytes
    rows.push(
      {
        measure: `render a roll label, ${id}`,
        value: `${(perLabel * 1000).toFixed(1)} µs`,
        target: '< 1 ms',
        verdict: verdict(perLabel < 1),
      },
      { measure: `label size, ${id}`, value: `${bytes} B`, target: '< 1 KB', verdict: verdict(bytes < 1024) },
      {
        measure: `same label as a 1-bit raster (GS v 0)`,
        value: `${raster} B`,
        target: `${(raster / bytes).toFixed(0)}x larger`,
        verdict: '',
      },
    )
  }

  const dir = await mkdtemp(join(tmpdir(), 'op-bench-print-'))
  const printer = new VirtualPrinter({ port: 0 })
  const port = await printer.powerOn()
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({
      printers: [{ id: 'bench', name: 'Bench', profile: 'escpos-80-tr', transport: { kind: 'tcp', host: '127.0.0.1', port } }],
    }),
  )
  const daemon = await startBenchDaemon(bin, dir, ['--no-network'])
  const client = await daemon.connect()
  await client.call('session.signIn', { person: 'admin', pin: daemon.adminSecret! })
  while ((await client.call('printing.printers')).site.length === 0) await sleep(20)
  await client.call('catalog.upsert', {
    products: [
      { sku: 'POP-120-NV', name: 'Kumaş Poplin', unit: 'm', barcodes: ['8690000000011'], attributes: { quality: 'A', color: 'lacivert' } },
    ],
    locations: [{ code: 'A-01-1', barcode: null, rack: 'A', bin: '01-1' }],
  })
  const latencies: number[] = []
  for (let i = 0; i < 100; i++) {
    const before = printer.jobs.length
    const t0 = Date.now()
    // a receive: the roll, its ledger entry and its label job are one log block
    await client.call('stock.receive', { product: '8690000000011', lot: 'L-1', location: 'A-01-1', quantity: '50', rolls: 1 })
    while (printer.jobs.length === before) await sleep(1)
    // the virtual printer stamps a job when it reads its last byte (the cut)
    latencies.push(printer.jobs[before]!.at - t0)
  }
  latencies.sort((a, b) => a - b)
  const p50 = percentile(latencies, 50)
  const p99 = percentile(latencies, 99)
  rows.push({
    measure: 'receive a roll -> last byte of its label at the printer (one node)',
    value: `p50 ${p50} ms, p99 ${p99} ms`,
    target: '< 200 ms',
    verdict: verdict(p99 < 200),
  })
  client.close()
  await daemon.stop()
  await printer.close()
  await rm(dir, { recursive: true, force: true })
  printTable('Printing', rows)
}
