import { randomBytes } from 'node:crypto'
import { pino, type Logger as PinoLogger } from 'pino'

export type Logger = PinoLogger

/** Errors a terminal or pipe gives once its reader has gone away. */
const READER_GONE = new Set(['EIO', 'EPIPE'])

/**
 * Correlation ids: `req` on the lines of one socket request (`c3f1a9b2.7`: its connection, then the
 * request's number on it), `session` on the lines of one peer connection (`p-` and 8 hex). They are
 * passed by hand (a child logger), not through AsyncLocalStorage: on Node 20 that turns on promise
 * hooks for the whole process, a cost on every await of the store and the replication.
 */
/** A short random id for a connection or a peer session. */
export function correlationId(prefix: string): string {
  return prefix + randomBytes(4).toString('hex')
}

/**
 * Keys whose values never reach a log line, at any depth pino's redaction reaches: PINs, the first
 * admin's secret, pairing codes and invites, badge tokens, keys. Logged values are chosen by hand
 * (see test/integration/log-secrets.test.ts, which signs in, pairs and uses a badge, then greps the
 * logs for each secret); this is the net under that, should an object with one of them be logged.
 */
const SECRET_KEYS = ['pin', 'secret', 'adminSecret', 'badge', 'token', 'invite', 'pairCode', 'secretKey', 'encryptionKey', 'passphrase']
const REDACT = [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`), ...SECRET_KEYS.map((k) => `*.*.${k}`)]

/**
 * An error as a log line can hold it: its class, message, code and stack. pino's own serializer
 * copies every enumerable property too, and the Holepunch modules hang their cores and sessions on
 * some errors: circular graphs the line then gave up on ("unable to serialize"), losing the message
 * an admin needs. A thrown non-Error (a string, an object) is kept as text.
 */
export function errForLog(err: unknown): { type: string; message: string; code?: string; stack?: string } {
  if (!(err instanceof Error)) return { type: typeof err, message: String(err) }
  const code = (err as NodeJS.ErrnoException).code
  return {
    type: err.name,
    message: err.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(err.stack !== undefined ? { stack: err.stack } : {}),
  }
}

/** Structured JSON logs on stderr (systemd's journal keeps them); `silent` for tests. */
export function createLogger(level: string, destination = 2): Logger {
  const stream = pino.destination({ dest: destination, sync: false })
  // A daemon run in the foreground over SSH outlives its terminal: once the link drops, writes to
  // it fail with EIO, and an unhandled stream error would kill the node. Its log lines then have
  // no reader, so they are dropped; any other error is thrown as before.
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === undefined || !READER_GONE.has(err.code)) throw err
  })
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: REDACT, censor: '[redacted]' },
      serializers: { err: errForLog },
    },
    stream,
  )
}
