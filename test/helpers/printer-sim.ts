import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Socket } from 'node:net'
import { createInterface } from 'node:readline'
import { PrinterConfig } from '../../daemon/config.js'
import { createLogger } from '../../daemon/logger.js'
import type { OutpostNode } from '../../daemon/node.js'
import { PrintService } from '../../daemon/print/print-service.js'
import { VirtualPrinter, type RecordedJob } from '../../printers/sim/virtual-printer.js'
import { OUTPOST_BIN } from './daemon-process.js'

/** `outpost printer-sim` in its own process, driven through its control port as a script would. */
export interface PrinterSimProcess {
  port: number
  command(line: string): Promise<string>
  jobs(): Promise<RecordedJob[]>
  /** Status queries the printer answered so far. */
  queries(): Promise<number>
  stop(): Promise<void>
}

export async function startPrinterSim(): Promise<PrinterSimProcess> {
  const proc = spawn(process.execPath, [OUTPOST_BIN, 'printer-sim', '--port', '0', '--control-port', '0', '--quiet'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let err = ''
  proc.stderr.setEncoding('utf8').on('data', (c: string) => (err += c))
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    let out = ''
    proc.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c
      const found = /printer 127\.0\.0\.1:(\d+), control 127\.0\.0\.1:(\d+)/.exec(out)
      if (found !== null) resolve(found)
    })
    proc.once('exit', (code) => reject(new Error(`printer-sim exited with ${code}: ${err}`)))
  })
  const control = new Socket()
  await new Promise<void>((resolve, reject) => {
    control.once('error', reject)
    control.connect(Number(ready[2]), '127.0.0.1', resolve)
  })
  const answers: Array<(line: string) => void> = []
  createInterface({ input: control }).on('line', (line) => answers.shift()?.(line))
  const command = (line: string) =>
    new Promise<string>((resolve) => {
      answers.push(resolve)
      control.write(line + '\n')
    })
  return {
    port: Number(ready[1]),
    command,
    jobs: async () => JSON.parse(await command('jobs')) as RecordedJob[],
    queries: async () => Number(await command('queries')),
    stop: async () => {
      control.destroy()
      const exited = new Promise((r) => proc.once('exit', r))
      proc.kill('SIGTERM')
      await exited
    },
  }
}

/** A printer entry for a node's config.json, pointed at a virtual printer, with short test timings. */
export function simPrinterConfig(id: string, port: number) {
  return {
    id,
    name: `Printer ${id}`,
    profile: 'escpos-80-tr',
    transport: { kind: 'tcp', host: '127.0.0.1', port },
    timeoutMs: 1000,
    maxBackoffMs: 300,
    probeMs: 200,
  }
}

/**
 * A virtual printer "bench" in this process, driven by a print service on an in-process node:
 * for component tests that need a printer without spawning processes.
 */
export async function attachVirtualPrinter(node: OutpostNode): Promise<{ printer: VirtualPrinter; close(): Promise<void> }> {
  const printer = new VirtualPrinter({ port: 0 })
  await printer.powerOn()
  const config = PrinterConfig.parse(simPrinterConfig('bench', printer.port))
  const service = new PrintService(node, [config], await mkdtemp(join(tmpdir(), 'op-print-')), createLogger('silent'))
  await service.open()
  return {
    printer,
    close: async () => {
      await service.close()
      await printer.close()
    },
  }
}
