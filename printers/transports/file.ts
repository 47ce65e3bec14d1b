import { appendFile } from 'node:fs/promises'
import type { PrinterTransport } from './transport.js'

/**
 * Appends each job to a file: for a write-only device (a printer without a back channel, opened
 * as a plain file) or to keep what would have been printed. It cannot ask for status, so the
 * queue treats it as always ready.
 */
export class FileTransport implements PrinterTransport {
  readonly description: string

  constructor(private readonly path: string) {
    this.description = `file ${path}`
  }

  async status(): Promise<null> {
    return null
  }

  async send(bytes: Uint8Array): Promise<void> {
    await appendFile(this.path, bytes)
  }

  async close(): Promise<void> {}
}
