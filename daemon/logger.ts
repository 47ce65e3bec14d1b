import { pino, type Logger as PinoLogger } from 'pino'

export type Logger = PinoLogger

/** Structured JSON logs on stderr (systemd's journal keeps them); `silent` for tests. */
export function createLogger(level: string, destination = 2): Logger {
  return pino({ level, base: { pid: process.pid } }, pino.destination({ dest: destination, sync: false }))
}
