import { appendFile } from 'node:fs/promises'
import { createServer, type Server, type Socket } from 'node:net'
import { createInterface } from 'node:readline'
import { encodeStatus, printerState, type PrinterStatusBits, type StatusQuery } from '../status.js'
import { EscPosReader, type ReadJob } from './escpos-reader.js'

/** A job as the virtual printer received it, and whether paper came out. */
export interface RecordedJob extends Omit<ReadJob, 'bytes'> {
  n: number
  at: number
  size: number
  printed: boolean
  /** Why it did not print: the printer's state when it arrived. */
  lost: string | null
}

export interface VirtualPrinterOptions {
  host?: string
  /** The raw port (like 9100); 0 picks a free one. */
  port: number
  /** Where to append each job as a JSON line (jobs.jsonl), for people and other processes. */
  journal?: string
  /** Report each job and state change. */
  log?: (line: string) => void
}

/**
 * A virtual ESC/POS printer on loopback: it reads what it is sent the way a printer does,
 * answers DLE EOT status queries, keeps every job it receives, and can be told to run out of
 * paper, open its cover, go offline (it answers, but does not print) or lose power (connections
 * refused and cut, as when a printer is switched off or rebooted).
 * Jobs that arrive while it cannot print are recorded as lost, the way a real printer drops or
 * garbles them: a queue that sends without asking first is caught.
 */
export class VirtualPrinter {
  readonly jobs: RecordedJob[] = []
  readonly bits: PrinterStatusBits = { offline: false, coverOpen: false, paperNearEnd: false, paperOut: false, error: false }
  /** DLE EOT queries answered: evidence that a queue asked (and held back) while it could not print. */
  queries = 0
  private server: Server | null = null
  private readonly sockets = new Set<Socket>()
  private listenPort: number
  private readonly host: string

  constructor(private readonly options: VirtualPrinterOptions) {
    this.listenPort = options.port
    this.host = options.host ?? '127.0.0.1'
  }

  get port(): number {
    return this.listenPort
  }

  get powered(): boolean {
    return this.server !== null
  }

  async powerOn(): Promise<number> {
    if (this.server !== null) return this.listenPort
    const server = createServer((socket) => this.accept(socket))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.listenPort, this.host, () => resolve())
    })
    const address = server.address()
    if (address !== null && typeof address === 'object') this.listenPort = address.port
    this.server = server
    this.log(`printer on, listening on ${this.host}:${this.listenPort}`)
    return this.listenPort
  }

  async powerOff(): Promise<void> {
    const server = this.server
    this.server = null
    for (const socket of this.sockets) socket.destroy()
    this.sockets.clear()
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()))
    this.log('printer off')
  }

  /** Change the printer's state by the words a person or a test would use. */
  async command(line: string): Promise<string> {
    const words = line.trim().toLowerCase()
    switch (words) {
      case 'paper out':
        this.bits.paperOut = true
        break
      case 'paper low':
        this.bits.paperNearEnd = true
        break
      case 'paper ok':
        this.bits.paperOut = false
        this.bits.paperNearEnd = false
        break
      case 'cover open':
        this.bits.coverOpen = true
        break
      case 'cover closed':
        this.bits.coverOpen = false
        break
      case 'offline':
        this.bits.offline = true
        break
      case 'online':
        this.bits.offline = false
        break
      case 'power off':
        await this.powerOff()
        return 'ok'
      case 'power on':
        await this.powerOn()
        return 'ok'
      case 'jobs':
        return JSON.stringify(this.jobs)
      case 'state':
        return this.state()
      case 'queries':
        return String(this.queries)
      default:
        return `unknown command "${line.trim()}": paper out|low|ok, cover open|closed, offline, online, power off|on, jobs, state, queries`
    }
    this.log(`state: ${this.state()}`)
    return 'ok'
  }

  state(): string {
    return this.powered ? printerState(this.bits) : 'off'
  }

  /** Serve `command` as lines on a loopback control port (one answer line per command). */
  async listenControl(port: number): Promise<number> {
    const control = createServer((socket) => {
      createInterface({ input: socket }).on('line', (line) => {
        void this.command(line).then((answer) => socket.write(answer + '\n'))
      })
      socket.on('error', () => {})
    })
    await new Promise<void>((resolve, reject) => {
      control.once('error', reject)
      control.listen(port, this.host, () => resolve())
    })
    const address = control.address()
    const bound = address !== null && typeof address === 'object' ? address.port : port
    this.closeControl = () => new Promise((resolve) => control.close(() => resolve()))
    control.unref()
    return bound
  }

  private closeControl: () => Promise<void> = async () => {}
  private journaled: Promise<void> = Promise.resolve()

  async close(): Promise<void> {
    await this.powerOff()
    await this.closeControl()
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket)
    socket.on('close', () => this.sockets.delete(socket))
    socket.on('error', () => {})
    const reader = new EscPosReader({
      status: (n) => {
        this.queries++
        socket.write(Uint8Array.of(encodeStatus(this.bits, n as StatusQuery)))
      },
      job: (job) => this.record(job),
    })
    socket.on('data', (chunk: Buffer) => reader.push(chunk))
  }

  private record(job: ReadJob): void {
    const state = printerState(this.bits)
    const printed = state === 'ready' || state === 'paper-near-end'
    const { bytes, ...rest } = job
    const recorded: RecordedJob = {
      n: this.jobs.length + 1,
      at: Date.now(),
      size: bytes.length,
      printed,
      lost: printed ? null : state,
      ...rest,
    }
    this.jobs.push(recorded)
    this.log(
      printed ? `job ${recorded.n} printed (${recorded.size} bytes):\n  ${job.lines.join('\n  ')}` : `job ${recorded.n} LOST: ${state}`,
    )
    const journal = this.options.journal
    // appended one after another, so the journal keeps the order jobs arrived in
    if (journal !== undefined)
      this.journaled = this.journaled.then(() => appendFile(journal, JSON.stringify(recorded) + '\n')).catch(() => {})
  }

  private log(line: string): void {
    this.options.log?.(line)
  }
}
