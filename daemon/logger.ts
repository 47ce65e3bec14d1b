import { pino, type Logger as PinoLogger } from 'pino'

export type Logger = PinoLogger

/** Errors a terminal or pipe gives once its reader has gone away. */
const READER_GONE = new Set(['EIO', 'EPIPE'])

/** Structured JSON logs on stderr (systemd's journal keeps them); `silent` for tests. */
export function createLogger(level: string, destination = 2): Logger {
  const stream = pino.destination({ dest: destination, sync: false })
  // A daemon run in the foreground over SSH outlives its terminal: once the link drops, writes to
  // it fail with EIO, and an unhandled stream error would kill the node. Its log lines then have
  // no reader, so they are dropped; any other error is thrown as before.
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === undefined || !READER_GONE.has(err.code)) throw err
  })
  return pino({ level, base: { pid: process.pid } }, stream)
}
