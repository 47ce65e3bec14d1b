import { join } from 'node:path'
import { openTransport } from '../../printers/transports/index.js'
import type { LocalPrinterStatus } from '../../protocol/index.js'
import type { PrinterConfig } from '../config.js'
import type { Logger } from '../logger.js'
import type { OutpostNode } from '../node.js'
import { PrinterWorker } from './printer-worker.js'

/**
 * The printers attached to this node: one worker each, woken on every fold. Each printer is
 * announced to the site (an operation), so any node can address jobs to it; an announcement
 * waits until this node is a writer (a node that is joining is not yet).
 */
export class PrintService {
  private readonly workers: PrinterWorker[]
  private announced = false
  private announcing: Promise<void> | null = null
  private readonly onUpdate = () => {
    for (const worker of this.workers) worker.poke()
    if (!this.announced) void this.announce()
  }

  constructor(
    private readonly node: OutpostNode,
    private readonly printers: readonly PrinterConfig[],
    dataDir: string,
    private readonly logger: Logger,
  ) {
    this.workers = printers.map(
      (p) => new PrinterWorker(node, p, openTransport(p.transport), join(dataDir, `print-inflight-${p.id}.json`), logger),
    )
  }

  async open(): Promise<void> {
    this.node.on('update', this.onUpdate)
    this.node.board.reportPrinting({
      ids: this.printers.map((p) => p.id),
      printers: () => this.status(),
      failures: () => Object.fromEntries(this.workers.map((w) => [w.id, w.failures])),
    })
    await this.announce()
    for (const worker of this.workers) worker.start()
  }

  status(): Promise<LocalPrinterStatus[]> {
    return Promise.all(this.workers.map((w) => w.status()))
  }

  private announce(): Promise<void> {
    this.announcing ??= this.announceOnce().finally(() => {
      this.announcing = null
    })
    return this.announcing
  }

  private async announceOnce(): Promise<void> {
    if (this.printers.length === 0 || !this.node.base.writable || this.node.halted !== null) return
    const changed = []
    for (const p of this.printers) {
      const known = await this.node.read.printing.printer(p.id)
      if (known?.node !== this.node.nodeKey || known.name !== p.name || known.profile !== p.profile) changed.push(p)
    }
    if (changed.length > 0) {
      const drafts = changed.map((p) => ({ type: 'printing.announce', payload: { id: p.id, name: p.name, profile: p.profile } }))
      try {
        await this.node.submit(drafts, '@system')
      } catch (err) {
        // another node's printer has this id: say so once, and keep the rest of the node running
        this.logger.error({ err: (err as Error).message, printers: changed.map((p) => p.id) }, 'printer not announced')
      }
    }
    this.announced = true
  }

  async close(): Promise<void> {
    this.node.off('update', this.onUpdate)
    this.node.board.reportPrinting(null)
    await Promise.all(this.workers.map((w) => w.close()))
  }
}
