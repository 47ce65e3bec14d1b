import { setTimeout as sleep } from 'node:timers/promises'
import { PROFILES } from '../../printers/profiles.js'
import { canPrint, printerState } from '../../printers/status.js'
import { TransportError, type PrinterTransport } from '../../printers/transports/index.js'
import type { LocalPrinterStatus, PrinterState } from '../../protocol/index.js'
import type { PrinterConfig } from '../config.js'
import type { Logger } from '../logger.js'
import type { OutpostNode } from '../node.js'
import { InflightMarker } from './inflight.js'

const FIRST_BACKOFF_MS = 250
/** What a reprinted job says at its top when its first delivery was never confirmed. */
export const COPY_BANNER = 'COPY - may have printed before'
/** Room asked for the printing.printed record (a block of one small operation is about 400 bytes). */
const RECORD_BYTES = 4096

const PROBLEMS: Partial<Record<PrinterState, string>> = {
  'paper-out': 'out of paper: load a roll, the jobs are kept',
  'cover-open': 'the cover is open: close it, the jobs are kept',
  offline: 'the printer is offline or in error: the jobs are kept',
}

/**
 * Drives one printer attached to this node. Jobs are taken from the view in order, one at a
 * time; before each, the printer is asked for its status, and a printer that cannot print keeps
 * its jobs queued (retried with a back-off that doubles up to `maxBackoffMs`). A job counts as
 * printed once the printer has confirmed receiving it (see TwoWayTransport.send); the print is
 * then recorded as an operation, which takes the job off every node's queue.
 */
export class PrinterWorker {
  private current: { state: PrinterState; problem: string | null } = { state: 'unknown', problem: null }
  private closed = false
  /** Failed tries at a job since start (printer away, not ready, an error): for the metrics. */
  failures = 0

  get id(): string {
    return this.config.id
  }
  private readonly stop = new AbortController()
  /** Set by poke: the view changed since the queue was last read. */
  private dirty = true
  private wakeUp: (() => void) | null = null
  private running: Promise<void> | null = null
  /** Printed in this process but maybe not folded yet: never send these again. */
  private readonly printed = new Set<string>()
  private readonly inflight: InflightMarker

  constructor(
    private readonly node: OutpostNode,
    private readonly config: PrinterConfig,
    private readonly transport: PrinterTransport,
    inflightPath: string,
    private readonly logger: Logger,
  ) {
    this.inflight = new InflightMarker(inflightPath)
  }

  start(): void {
    this.running ??= this.run().catch((err: unknown) => this.logger.error({ err, printer: this.config.id }, 'print queue stopped'))
  }

  /** The view changed: a job may have arrived. */
  poke(): void {
    this.dirty = true
    this.wakeUp?.()
  }

  async status(): Promise<LocalPrinterStatus> {
    const queued = (await this.node.read.printing.printQueue(this.config.id, 100_000)).length
    return { id: this.config.id, name: this.config.name, ...this.current, queued, transport: this.transport.description }
  }

  async close(): Promise<void> {
    this.closed = true
    this.stop.abort()
    this.poke()
    await this.transport.close()
    await this.running
  }

  private async run(): Promise<void> {
    let backoff = FIRST_BACKOFF_MS
    await this.probe()
    while (!this.closed) {
      this.dirty = false
      const next = await this.nextJob()
      if (next === null) {
        // with nothing to print, still ask now and then, so a person sees "out of paper" before printing
        if (!(await this.idle())) await this.probe()
        continue
      }
      try {
        const bits = await this.transport.status(this.config.timeoutMs)
        const state = bits === null ? 'unknown' : printerState(bits)
        if (!canPrint(state)) throw new NotReady(state, PROBLEMS[state] ?? state)
        this.report(state, null)
        await this.print(next)
        backoff = FIRST_BACKOFF_MS
      } catch (err) {
        if (this.closed) break
        this.failures++
        const message = (err as Error).message
        if (err instanceof NotReady) this.report(err.state, message)
        else if (err instanceof TransportError) this.report('unreachable', message)
        else {
          this.logger.error({ err, printer: this.config.id }, 'print job failed')
          this.report(this.current.state, message)
        }
        await sleep(backoff, undefined, { signal: this.stop.signal }).catch(() => {})
        backoff = Math.min(backoff * 2, this.config.maxBackoffMs)
      }
    }
  }

  private async nextJob(): Promise<string | null> {
    for (const id of await this.node.read.printing.printQueue(this.config.id, this.printed.size + 1)) {
      if (!this.printed.has(id)) return id
    }
    return null
  }

  private async print(id: string): Promise<void> {
    const job = await this.node.read.printing.printJob(id)
    if (job === null || job.state !== 'queued') return
    const marker = await this.inflight.read()
    const copy = marker?.job === id
    if (copy) this.logger.warn({ printer: this.config.id, job: id }, 'printing again, marked COPY: its first delivery was never confirmed')
    // a print that cannot be recorded would be printed again (as a COPY) after a restart: on a
    // full disk the job stays queued, and the printer's status says why (E_STORAGE_FULL)
    await this.node.disk.assertRoom(RECORD_BYTES)
    // loaded on the first job: the ESC/POS encoder and its image libraries are ~20-40 ms of a
    // restart that prints nothing yet
    const { render } = await import('../../printers/render.js')
    const bytes = render(job.document, PROFILES[this.config.profile], copy ? { banner: COPY_BANNER } : {})
    await this.inflight.write({ job: id, since: Date.now() })
    await this.transport.send(bytes, this.config.timeoutMs)
    this.printed.add(id)
    // a print is a fact: recorded whatever the view says meanwhile (no dry run)
    await this.node.submit([{ type: 'printing.printed', payload: { job: id, copy } }], '@system', { dryRun: false })
    await this.inflight.clear()
    this.logger.info({ printer: this.config.id, job: id, bytes: bytes.length, copy }, 'printed')
  }

  /** Wait for a poke (true) or the next status probe (false). */
  private async idle(): Promise<boolean> {
    let poked = true
    if (!this.dirty && !this.closed) {
      poked = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), this.config.probeMs)
        this.wakeUp = () => {
          clearTimeout(timer)
          resolve(true)
        }
      })
    }
    this.wakeUp = null
    // jobs printed here have been folded by now or will be on a later wake
    for (const id of this.printed) if ((await this.node.read.printing.printJob(id))?.state !== 'queued') this.printed.delete(id)
    return poked
  }

  private async probe(): Promise<void> {
    try {
      const bits = await this.transport.status(this.config.timeoutMs)
      const state = bits === null ? 'unknown' : printerState(bits)
      this.report(state, canPrint(state) ? null : (PROBLEMS[state] ?? state))
    } catch (err) {
      this.report('unreachable', (err as Error).message)
    }
  }

  /** A change is logged once and pushed to the TUIs with the status (not on every retry). */
  private report(state: PrinterState, problem: string | null): void {
    if (state === this.current.state && problem === this.current.problem) return
    this.current = { state, problem }
    if (problem !== null) this.logger.warn({ printer: this.config.id, state, problem }, 'printer not printing')
    else this.logger.info({ printer: this.config.id, state }, 'printer ready')
    this.node.board.changed()
  }
}

class NotReady extends Error {
  constructor(
    readonly state: PrinterState,
    message: string,
  ) {
    super(message)
  }
}
