import { STATUS_QUERIES, decodeStatus, isStatusByte, statusQuery, type PrinterStatusBits } from '../status.js'

/** Carries bytes to a printer, and asks it how it is where the wire goes both ways. */
export interface PrinterTransport {
  /** How the bytes travel, for people: "tcp 127.0.0.1:9100". */
  readonly description: string
  /** The printer's DLE EOT status; null when this transport can only write. Throws when unreachable. */
  status(timeoutMs: number): Promise<PrinterStatusBits | null>
  /**
   * Write a job. On a two-way transport it resolves only once the printer has answered a status
   * query sent after the job's last byte: the answer proves the printer received the whole job.
   */
  send(bytes: Uint8Array, timeoutMs: number): Promise<void>
  close(): Promise<void>
}

/** The printer could not be reached or did not answer in time. */
export class TransportError extends Error {}

/**
 * What TCP, serial and two-way device transports share: a connection made on demand, status
 * queries whose one-byte answers are matched in order, and a time-out on every exchange that
 * drops the connection, so a late answer can never be taken for the answer to a later question
 * and a printer that went away is reconnected on the next try.
 */
export abstract class TwoWayTransport implements PrinterTransport {
  abstract readonly description: string
  private waiting: Array<{ resolve: (byte: number) => void; reject: (err: Error) => void }> = []
  private connecting: Promise<void> | null = null
  private connected = false

  /** Open the connection, and feed it to the callbacks of `events()` (taken once per connection). */
  protected abstract connect(): Promise<void>
  protected abstract write(bytes: Uint8Array): Promise<void>
  protected abstract disconnect(): void

  private generation = 0

  /**
   * The callbacks for a connection being opened. Once that connection is dropped (after a
   * time-out) or replaced, its late events are ignored: they must not touch the next one.
   */
  protected events(): { data: (chunk: Uint8Array) => void; end: (err: Error) => void } {
    const mine = ++this.generation
    return {
      data: (chunk) => mine === this.generation && this.received(chunk),
      end: (err) => mine === this.generation && this.lost(err),
    }
  }

  private received(chunk: Uint8Array): void {
    for (const byte of chunk) {
      // anything that is not a status answer (an ASB report, line noise) is not ours to match
      if (!isStatusByte(byte)) continue
      this.waiting.shift()?.resolve(byte)
    }
  }

  private lost(err: Error): void {
    this.connected = false
    this.connecting = null
    for (const w of this.waiting.splice(0)) w.reject(new TransportError(`${this.description}: ${err.message}`))
  }

  private async ensure(): Promise<void> {
    if (this.connected) return
    this.connecting ??= this.connect().then(
      () => {
        this.connected = true
      },
      (err: Error) => {
        this.connecting = null
        throw new TransportError(`${this.description}: ${err.message}`)
      },
    )
    await this.connecting
  }

  private answer(): Promise<number> {
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }))
  }

  private async exchange<T>(timeoutMs: number, what: string, work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TransportError(`${this.description}: no answer to ${what} in ${timeoutMs} ms`)), timeoutMs)
    })
    try {
      return await Promise.race([work(), timeout])
    } catch (err) {
      this.reset(err as Error)
      throw err instanceof TransportError ? err : new TransportError(`${this.description}: ${(err as Error).message}`)
    } finally {
      clearTimeout(timer)
    }
  }

  private reset(err: Error): void {
    this.generation++
    this.lost(err)
    this.disconnect()
  }

  status(timeoutMs: number): Promise<PrinterStatusBits> {
    return this.exchange(timeoutMs, 'the status query', async () => {
      await this.ensure()
      const answers = STATUS_QUERIES.map(() => this.answer())
      await this.write(Buffer.concat(STATUS_QUERIES.map(statusQuery)))
      const [printer, cause, paper] = await Promise.all(answers)
      return decodeStatus(printer!, cause!, paper!)
    })
  }

  send(bytes: Uint8Array, timeoutMs: number): Promise<void> {
    return this.exchange(timeoutMs, 'the job', async () => {
      await this.ensure()
      const receipt = this.answer()
      await this.write(Buffer.concat([bytes, statusQuery(1)]))
      await receipt
    })
  }

  async close(): Promise<void> {
    this.reset(new Error('closed'))
  }
}
