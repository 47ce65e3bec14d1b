import type Hyperbee from 'hyperbee'
import {
  HexKey,
  PersonId,
  type AuditEntry,
  type NoteRecord,
  type PersonRecord,
  type PrintJobRecord,
  type PrinterRecord,
  type ScanResolution,
  type WriterRecord,
} from '../../protocol/index.js'
import type { NoteState, PersonState, SiteState, WriterState } from '../fold/context.js'
import {
  ARCHIVED_NOTE_RANGE,
  AUDIT_RANGE,
  META_KEY,
  NOTE_RANGE,
  PERSON_RANGE,
  SITE_KEY,
  WRITER_RANGE,
  PRINTER_RANGE,
  PRINT_JOB_RANGE,
  printJobKey,
  printQueueRange,
  printerKey,
  auditKey,
  personKey,
  writerKey,
} from './keys.js'
import { EMPTY_HASH } from './view-hash.js'
import type { ViewMeta } from './view-writer.js'

/** Read-side queries over the folded view. Reads never go to the log. */
export class ViewReader {
  constructor(private readonly bee: Hyperbee) {}

  private async value<T>(key: string): Promise<T | null> {
    const entry = await this.bee.get(key)
    return entry === null ? null : (entry.value as T)
  }

  async meta(): Promise<ViewMeta> {
    return (await this.value<ViewMeta>(META_KEY)) ?? { seq: 0, hash: EMPTY_HASH }
  }

  site(): Promise<SiteState | null> {
    return this.value<SiteState>(SITE_KEY)
  }

  /** The person with their PIN hash: for sign-in only, never sent to a client. */
  personWithSecret(id: string): Promise<PersonState | null> {
    return this.value<PersonState>(personKey(id))
  }

  async person(id: string): Promise<PersonRecord | null> {
    const person = await this.personWithSecret(id)
    return person === null ? null : publicPerson(person)
  }

  async people(): Promise<PersonRecord[]> {
    const out: PersonRecord[] = []
    for await (const { value } of this.bee.createReadStream(PERSON_RANGE)) out.push(publicPerson(value as PersonState))
    return out
  }

  async writers(): Promise<WriterRecord[]> {
    const out: WriterRecord[] = []
    for await (const { value } of this.bee.createReadStream(WRITER_RANGE)) out.push(value as WriterState)
    return out
  }

  writer(key: string): Promise<WriterRecord | null> {
    return this.value<WriterState>(writerKey(key))
  }

  async notes(opts: { archived: boolean; limit: number }): Promise<NoteRecord[]> {
    const range = opts.archived ? ARCHIVED_NOTE_RANGE : NOTE_RANGE
    const out: NoteRecord[] = []
    for await (const { value } of this.bee.createReadStream({ ...range, reverse: true, limit: opts.limit })) out.push(value as NoteState)
    return out
  }

  /** Newest first. A filtered read looks at most `limit * 50` entries, so a rare filter cannot stall the daemon. */
  async audit(opts: {
    limit: number
    beforeSeq?: number | undefined
    person?: string | undefined
    type?: string | undefined
  }): Promise<AuditEntry[]> {
    const lt = opts.beforeSeq === undefined ? AUDIT_RANGE.lt : auditKey(opts.beforeSeq)
    const filtered = opts.person !== undefined || opts.type !== undefined
    // unfiltered: read exactly `limit` entries (a stream without a limit reads ahead)
    const range = { ...AUDIT_RANGE, lt, reverse: true, limit: filtered ? opts.limit * 50 : opts.limit }
    const out: AuditEntry[] = []
    for await (const { value } of this.bee.createReadStream(range)) {
      const entry = value as AuditEntry
      if (opts.person !== undefined && entry.person !== opts.person) continue
      if (opts.type !== undefined && entry.type !== opts.type) continue
      out.push(entry)
      if (out.length >= opts.limit) break
    }
    return out
  }

  printer(id: string): Promise<PrinterRecord | null> {
    return this.value<PrinterRecord>(printerKey(id))
  }

  async printers(): Promise<PrinterRecord[]> {
    const out: PrinterRecord[] = []
    for await (const { value } of this.bee.createReadStream(PRINTER_RANGE)) out.push(value as PrinterRecord)
    return out
  }

  printJob(id: string): Promise<PrintJobRecord | null> {
    return this.value<PrintJobRecord>(printJobKey(id))
  }

  /** A printer's waiting jobs, oldest first (job ids sort by time). */
  async printQueue(printer: string, limit: number): Promise<string[]> {
    const out: string[] = []
    for await (const { value } of this.bee.createReadStream({ ...printQueueRange(printer), limit })) out.push(value as string)
    return out
  }

  /** Newest first; a filtered read looks at most `limit * 50` jobs, like the audit trail. */
  async printJobs(opts: { limit: number; printer?: string | undefined; state?: string | undefined }): Promise<PrintJobRecord[]> {
    const filtered = opts.printer !== undefined || opts.state !== undefined
    const out: PrintJobRecord[] = []
    for await (const { value } of this.bee.createReadStream({
      ...PRINT_JOB_RANGE,
      reverse: true,
      limit: filtered ? opts.limit * 50 : opts.limit,
    })) {
      const job = value as PrintJobRecord
      if (opts.printer !== undefined && job.printer !== opts.printer) continue
      if (opts.state !== undefined && job.state !== opts.state) continue
      out.push(job)
      if (out.length >= opts.limit) break
    }
    return out
  }

  /** The last operation folded: its clock seeds the node's clock after a restart. */
  async lastAudit(): Promise<AuditEntry | null> {
    for await (const { value } of this.bee.createReadStream({ ...AUDIT_RANGE, reverse: true, limit: 1 })) {
      return value as AuditEntry
    }
    return null
  }

  /** What a scanned code is. Staff badges carry the person id; node keys identify machines. */
  async resolveScan(code: string): Promise<ScanResolution> {
    const trimmed = code.trim()
    const person = PersonId.safeParse(trimmed).success ? await this.person(trimmed) : null
    if (person !== null) return { kind: 'person', code, person }
    const writer = HexKey.safeParse(trimmed).success ? await this.writer(trimmed) : null
    if (writer !== null) return { kind: 'node', code, writer }
    return { kind: 'unknown', code }
  }
}

function publicPerson(p: PersonState): PersonRecord {
  return { id: p.id, name: p.name, role: p.role, active: p.active }
}
