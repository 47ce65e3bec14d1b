import { z } from 'zod'
import { OutpostError, isErrorCode, type ErrorCode } from './errors.js'

/**
 * The local socket speaks JSON-RPC 2.0, one JSON value per line (newline-delimited).
 * A frame larger than the limit is refused before it is buffered whole.
 */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024

export const RequestFrame = z.object({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.string().max(64), z.number().int()]),
  method: z.string().min(1).max(64),
  params: z.unknown().optional(),
})
export type RequestFrame = z.infer<typeof RequestFrame>

export const ErrorBody = z.object({
  code: z.number().int(),
  message: z.string(),
  data: z.object({ code: z.string() }).optional(),
})

export const ResponseFrame = z.union([
  z.object({ jsonrpc: z.literal('2.0'), id: z.union([z.string(), z.number(), z.null()]), result: z.unknown() }),
  z.object({ jsonrpc: z.literal('2.0'), id: z.union([z.string(), z.number(), z.null()]), error: ErrorBody }),
])
export type ResponseFrame = z.infer<typeof ResponseFrame>

export const EventFrame = z.object({ jsonrpc: z.literal('2.0'), method: z.string(), params: z.unknown() })
export type EventFrame = z.infer<typeof EventFrame>

/** JSON-RPC's numeric codes, with ours in the server range for everything else. */
const RPC_NUMERIC: Partial<Record<ErrorCode, number>> = {
  E_PARSE: -32700,
  E_INVALID_REQUEST: -32600,
  E_UNKNOWN_METHOD: -32601,
  E_INVALID_PARAMS: -32602,
  E_INTERNAL: -32603,
}

export function errorFrame(id: string | number | null, err: OutpostError): string {
  const body = { code: RPC_NUMERIC[err.code] ?? -32000, message: err.message, data: { code: err.code } }
  return JSON.stringify({ jsonrpc: '2.0', id, error: body }) + '\n'
}

export function resultFrame(id: string | number, result: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', id, result }) + '\n'
}

export function eventFrame(method: string, params: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', method, params }) + '\n'
}

export function requestFrame(id: number | string, method: string, params: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n'
}

/** Turn a response's error body back into an OutpostError on the client side. */
export function errorFromBody(body: z.infer<typeof ErrorBody>): OutpostError {
  const code = body.data && isErrorCode(body.data.code) ? body.data.code : 'E_INTERNAL'
  return new OutpostError(code, body.message)
}

// protocol/ is built without DOM or Node types; TextDecoder is a global in Node and browsers alike.
declare const TextDecoder: new (label: 'utf-8', options: { fatal: boolean }) => { decode(input: Uint8Array): string }

const NEWLINE = 0x0a

/**
 * Splits a byte stream into lines and decodes each as UTF-8. The limit counts bytes: seen, a
 * 2.7 MB frame of euro signs passed a 1 MiB limit that counted characters. Splitting on 0x0A is
 * safe in UTF-8 (no multi-byte sequence contains it), and each line is decoded whole, so a
 * character cut between two chunks is joined first. A line that is not valid UTF-8 comes out as
 * an E_PARSE error in its place (never as U+FFFD). `tooLarge` is reported as soon as the line
 * being built passes the limit, so a 100 MB frame is never held in memory.
 */
export class LineSplitter {
  private partial: Uint8Array[] = []
  private partialSize = 0
  private readonly decoder = new TextDecoder('utf-8', { fatal: true })
  constructor(private readonly maxBytes: number) {}

  /** Bytes of a line begun but not yet ended: the connection times a half-sent frame by it. */
  get pendingBytes(): number {
    return this.partialSize
  }

  /** The complete lines in `chunk` (an error for each one that is not UTF-8), or 'tooLarge'. */
  push(chunk: Uint8Array): Array<string | OutpostError> | 'tooLarge' {
    const lines: Array<string | OutpostError> = []
    let start = 0
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      if (this.partialSize + nl - start > this.maxBytes) return 'tooLarge'
      lines.push(this.decode(this.join(chunk.subarray(start, nl))))
      start = nl + 1
    }
    if (start < chunk.length) {
      this.partialSize += chunk.length - start
      if (this.partialSize > this.maxBytes) return 'tooLarge'
      // a copy: a view would keep the whole chunk alive while the line is incomplete
      this.partial.push(Uint8Array.prototype.slice.call(chunk, start))
    }
    return lines
  }

  private join(last: Uint8Array): Uint8Array {
    if (this.partial.length === 0) return last
    const line = new Uint8Array(this.partialSize + last.length)
    let at = 0
    for (const piece of [...this.partial, last]) {
      line.set(piece, at)
      at += piece.length
    }
    this.partial = []
    this.partialSize = 0
    return line
  }

  private decode(line: Uint8Array): string | OutpostError {
    try {
      return this.decoder.decode(line)
    } catch {
      return new OutpostError('E_PARSE', 'frame is not valid UTF-8')
    }
  }
}
