/**
 * Stable error codes. The daemon throws `OutpostError`s, the socket carries the code in
 * `error.data.code`, and the CLI and TUI turn each into one line for a person.
 */
export const ERROR_CODES = [
  'E_PARSE', // a frame that is not JSON, or not UTF-8
  'E_INVALID_REQUEST', // JSON, but not a JSON-RPC request
  'E_FRAME_TOO_LARGE', // a frame over the socket's limit in bytes: the connection is closed
  'E_FRAME_TIMEOUT', // a frame begun and not finished in time (slowloris): the connection is closed
  'E_IDLE_TIMEOUT', // a connection that sent nothing for long and is not subscribed: closed
  'E_TOO_MANY_CONNECTIONS', // the daemon serves as many clients as it allows: this one is refused
  'E_BUSY', // too many requests waiting on this connection: this one is refused, read replies first
  'E_SLOW_CLIENT', // replies not read and piling up past the limit: the connection is closed
  'E_UNKNOWN_METHOD',
  'E_INVALID_PARAMS',
  'E_NOT_SIGNED_IN',
  'E_FORBIDDEN', // signed in, but the role may not do this
  'E_BAD_CREDENTIALS',
  'E_LOCKED_OUT', // too many wrong PINs for this person: wait
  'E_RATE_LIMITED', // this node checks only so many PINs a second (all people together): try again shortly
  'E_SECOND_FACTOR', // this node wants badge plus PIN for approvals, and the sign-in had no badge
  'E_NOT_FOUND',
  'E_CONFLICT', // a domain guard refused the operation
  'E_AMBIGUOUS_QUANTITY', // a typed number the two number styles read differently, on a site with no style
  'E_NOT_WRITABLE', // this node is not (or no longer) a writer of the site
  'E_NODE_REMOVED', // this node was removed from the site: it may not write any more
  'E_HALTED', // the fold stopped at an operation this version cannot read
  'E_STORAGE_FULL', // less free disk than the reserve: the write was refused before anything was written
  'E_STORAGE_FAILED', // the store failed under a write: the daemon exits (non-zero) for its service manager to restart it
  'E_DAEMON_RUNNING',
  'E_NO_DAEMON',
  'E_NOT_READY', // `outpost health`: the daemon runs but is not ready (opening, folding its log, socket silent, halted)
  'E_USAGE',
  'E_SITE_KEY', // the site key (encryption at rest) is missing, malformed, or not this store's
  'E_CSV_ENCODING', // a CSV file whose bytes are not the encoding it is read as (UTF-8 unless --encoding): nothing is imported
  'E_BACKUP_PASSPHRASE', // the passphrase does not open this backup file
  'E_BACKUP_DAMAGED', // a backup file that is cut short, changed, or not a backup at all: nothing was restored
  'E_RECLAIMING', // restored from a backup: the node takes its own log back from its peers before it writes
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

/** The shape of a failed zod parse, as far as the message needs it. */
interface Issues {
  issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>
}

/** The first thing wrong, as one line: "field.path: message", or the message alone at the top. */
export function firstIssue(error: Issues): string {
  const issue = error.issues[0]
  if (issue === undefined) return 'invalid'
  const path = issue.path.map(String).join('.')
  return path === '' ? issue.message : `${path}: ${issue.message}`
}

/**
 * JSON text a person gave us (a config file, a document file), read against its schema. Either
 * the value, or E_USAGE with one line naming `source` and what is wrong there.
 */
export function parseJsonAs<T>(
  text: string,
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: Issues } },
  source: string,
): T {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new OutpostError('E_USAGE', `${source} is not valid JSON`)
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) throw new OutpostError('E_USAGE', `${source}: ${firstIssue(parsed.error)}`)
  return parsed.data
}
