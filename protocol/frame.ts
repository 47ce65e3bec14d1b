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

/**
 * Splits a character stream into lines. Tracks the size of the line being built and reports
 * `tooLarge` as soon as it passes the limit, so a 100 MB frame is never held in memory.
 */
export class LineSplitter {
  private partial: string[] = []
  private partialSize = 0
  constructor(private readonly maxBytes: number) {}

  /** Returns the complete lines in `chunk`, or 'tooLarge' when the current line passes the limit. */
  push(chunk: string): string[] | 'tooLarge' {
    const lines: string[] = []
    let start = 0
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      const piece = chunk.slice(start, nl)
      if (this.partialSize + piece.length > this.maxBytes) return 'tooLarge'
      this.partial.push(piece)
      lines.push(this.partial.join(''))
      this.partial = []
      this.partialSize = 0
      start = nl + 1
    }
    const rest = chunk.slice(start)
    if (rest.length > 0) {
      this.partialSize += rest.length
      if (this.partialSize > this.maxBytes) return 'tooLarge'
      this.partial.push(rest)
    }
    return lines
  }
}
