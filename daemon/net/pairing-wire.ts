import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { Duplex } from 'node:stream'
import { LineSplitter } from '../../protocol/index.js'

const CONTEXT = 'outpost/pair/v1'
const MAX_LINE = 64 * 1024

/** The topic a node with a live pairing code announces on; found only by someone who has the code. */
export function pairingTopic(code: string): Buffer {
  return createHash('sha256').update(CONTEXT).update('\u0000').update(code).digest()
}

/**
 * Proves knowledge of the code without sending it: an HMAC keyed with the code over both nodes'
 * network keys and the candidate's writer key, so a proof seen once is useless on another link.
 */
export function pairingProof(code: string, hostSwarmKey: Buffer, writerKey: string, swarmKey: string): string {
  return createHmac('sha256', code)
    .update(CONTEXT)
    .update(hostSwarmKey)
    .update(Buffer.from(writerKey, 'hex'))
    .update(Buffer.from(swarmKey, 'hex'))
    .digest('hex')
}

export function proofMatches(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y)
}

/** One JSON value per line over an encrypted connection; anything malformed ends the exchange. */
export class LineWire {
  private readonly splitter = new LineSplitter(MAX_LINE)
  private readonly queue: unknown[] = []
  private waiter: ((value: unknown) => void) | null = null
  private failed: Error | null = null

  constructor(private readonly stream: Duplex) {
    stream.on('data', (chunk: Buffer) => {
      const lines = this.splitter.push(chunk)
      if (lines === 'tooLarge') return this.fail(new Error('pairing message too large'))
      for (const line of lines) {
        if (typeof line !== 'string') return this.fail(new Error('pairing message is not UTF-8'))
        try {
          this.deliver(JSON.parse(line))
        } catch {
          this.fail(new Error('pairing message is not JSON'))
        }
      }
    })
    stream.on('close', () => this.fail(new Error('the other node closed the connection')))
    stream.on('error', (err: Error) => this.fail(err))
  }

  send(message: unknown): void {
    if (!this.stream.destroyed) this.stream.write(JSON.stringify(message) + '\n')
  }

  /** The next message, or a rejection when the link fails or `timeoutMs` passes first. */
  next(timeoutMs: number): Promise<unknown> {
    const queued = this.queue.shift()
    if (queued !== undefined) return Promise.resolve(queued)
    if (this.failed !== null) return Promise.reject(this.failed)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null
        reject(new Error('no answer in time'))
      }, timeoutMs)
      this.waiter = (value) => {
        clearTimeout(timer)
        if (value instanceof Error) reject(value)
        else resolve(value)
      }
    })
  }

  private deliver(value: unknown): void {
    const waiter = this.waiter
    this.waiter = null
    if (waiter !== null) waiter(value)
    else this.queue.push(value)
  }

  private fail(err: Error): void {
    if (this.failed !== null) return
    this.failed = err
    const waiter = this.waiter
    this.waiter = null
    waiter?.(err)
  }

  close(): void {
    this.stream.end()
  }
}
