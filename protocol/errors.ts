/**
 * Stable error codes. The daemon throws `OutpostError`s, the socket carries the code in
 * `error.data.code`, and the CLI and TUI turn each into one line for a person.
 */
export const ERROR_CODES = [
  'E_PARSE', // a frame that is not JSON
  'E_INVALID_REQUEST', // JSON, but not a JSON-RPC request
  'E_FRAME_TOO_LARGE',
  'E_UNKNOWN_METHOD',
  'E_INVALID_PARAMS',
  'E_NOT_SIGNED_IN',
  'E_FORBIDDEN', // signed in, but the role may not do this
  'E_BAD_CREDENTIALS',
  'E_LOCKED_OUT', // too many wrong PINs for this person: wait
  'E_NOT_FOUND',
  'E_CONFLICT', // a domain guard refused the operation
  'E_NOT_WRITABLE', // this node is not (or no longer) a writer of the site
  'E_HALTED', // the fold stopped at an operation this version cannot read
  'E_DAEMON_RUNNING',
  'E_NO_DAEMON',
  'E_USAGE',
  'E_INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export class OutpostError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string) {
    super(message)
    this.name = 'OutpostError'
    this.code = code
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}
