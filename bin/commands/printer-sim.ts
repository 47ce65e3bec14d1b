import { createInterface } from 'node:readline'
import { VirtualPrinter } from '../../printers/sim/virtual-printer.js'

/**
 * A virtual ESC/POS printer in the foreground, for the demo, the tests and anyone without a
 * printer at hand. It is driven by commands on stdin (when a person runs it) and on a loopback
 * control port (when a test or script does).
 */
export async function printerSimCommand(opts: { port: number; controlPort?: number; journal?: string; quiet?: boolean }): Promise<number> {
  const printer = new VirtualPrinter({
    port: opts.port,
    ...(opts.journal === undefined ? {} : { journal: opts.journal }),
    log: opts.quiet === true ? () => {} : (line) => process.stdout.write(line + '\n'),
  })
  const port = await printer.powerOn()
  const control = await printer.listenControl(opts.controlPort ?? 0)
  process.stdout.write(`printer-sim ready: printer 127.0.0.1:${port}, control 127.0.0.1:${control}\n`)
  if (process.stdin.isTTY)
    process.stdout.write('commands: paper out|low|ok, cover open|closed, offline, online, power off|on, jobs, state\n')
  const lines = createInterface({ input: process.stdin })
  lines.on('line', (line) => {
    if (line.trim() !== '') void printer.command(line).then((answer) => answer !== 'ok' && process.stdout.write(answer + '\n'))
  })
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve())
  })
  lines.close()
  await printer.close()
  return 0
}
