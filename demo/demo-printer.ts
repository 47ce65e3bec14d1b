import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { VirtualPrinter } from '../printers/sim/virtual-printer.js'

export const DEMO_PRINTER_ID = 'bench'

/**
 * The demo's label printer: a virtual ESC/POS printer on loopback, run by the process that opens
 * the demo, and written into the demo node's config.json (its port changes with every start).
 * Every job it receives is appended to virtual-printer.jsonl in the demo data dir.
 */
export async function startDemoPrinter(dataDir: string): Promise<VirtualPrinter> {
  const printer = new VirtualPrinter({ port: 0, journal: join(dataDir, 'virtual-printer.jsonl') })
  const port = await printer.powerOn()
  const path = join(dataDir, 'config.json')
  let config: Record<string, unknown> = {}
  try {
    config = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
  } catch {
    // no config yet: the demo's is only this
  }
  config.printers = [
    {
      id: DEMO_PRINTER_ID,
      name: 'Bench printer (virtual)',
      profile: 'escpos-80-tr',
      transport: { kind: 'tcp', host: '127.0.0.1', port },
      // a person watching the demo should see "out of paper" within a second or two
      probeMs: 1000,
      maxBackoffMs: 2000,
    },
  ]
  writeFileSync(path, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 })
  return printer
}
