import { readFile, rm } from 'node:fs/promises'
import { writeFileDurably } from '../json-file.js'

/**
 * The one job a printer is being sent, on disk before the first byte goes out and removed once
 * the print is recorded in the log. Finding it at start-up means the daemon (or the printer)
 * went away while that job was on the wire: it may have printed, it may not. The queue then
 * prints it again marked COPY (docs/printing.md, "When a job counts as printed"): a label that
 * may be doubled and says so, rather than a label that may be missing and nobody knows.
 */
export interface Inflight {
  job: string
  since: number
}

export class InflightMarker {
  constructor(private readonly path: string) {}

  async read(): Promise<Inflight | null> {
    try {
      const value = JSON.parse(await readFile(this.path, 'utf8')) as Partial<Inflight>
      return typeof value.job === 'string' ? { job: value.job, since: Number(value.since) } : null
    } catch {
      // absent, or torn by a crash while it was written: no job had been sent yet
      return null
    }
  }

  /** Durable before it returns: written to a temporary file, flushed, renamed into place. */
  async write(value: Inflight): Promise<void> {
    await writeFileDurably(this.path, JSON.stringify(value))
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true })
  }
}
