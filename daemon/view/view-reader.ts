import type Hyperbee from 'hyperbee'
import {
  BadgeCode,
  canonicalOperationType,
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
  foldedKey,
  personKey,
  writerKey,
} from './keys.js'
import { auditEntries, getValue, newestFirst } from './read.js'
import { EMPTY_HASH } from './view-hash.js'
import type { ViewMeta } from './view-writer.js'

/** Read-side queries over the folded view. Reads never go to the log. */
export class ViewReader {
  constructor(private readonly bee: Hyperbee) {}

  private value<T>(key: string): Promise<T | null> {
    return getValue<T>(this.bee, key)
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

  /** How many blocks of a writer's log this view folded (the block after the last one folded). */
  async foldedBlocks(key: string): Promise<number> {
    const place = await this.value<{ block: number; index: number }>(foldedKey(key))
    return place === null ? 0 : place.block + 1
  }

  notes(opts: { archived: boolean; limit: number }): Promise<NoteRecord[]> {
    return newestFirst<NoteState>(this.bee, opts.archived ? ARCHIVED_NOTE_RANGE : NOTE_RANGE, opts.limit, null)
  }

  /** Newest first (see `newestFirst` for how far a filtered read looks). */
  async audit(opts: {
    limit: number
    beforeSeq?: number | undefined
    person?: string | undefined
    type?: string | undefined
  }): Promise<AuditEntry[]> {
    const { person, type } = opts
    const before = opts.beforeSeq ?? Number.MAX_SAFE_INTEGER
    const filtered = person !== undefined || type !== undefined
    // A journal entry is keyed by its block's first seq: the one holding `before - 1` sorts below
    // `before`, and only its operations from `before` on are left out.
    const lt = opts.beforeSeq === undefined ? AUDIT_RANGE.lt : auditKey(opts.beforeSeq)
    return newestFirst<AuditEntry>(
      this.bee,
      { ...AUDIT_RANGE, lt },
      opts.limit,
      filtered ? (e) => (person === undefined || e.person === person) && (type === undefined || sameType(e.type, type)) : null,
      (value) =>
        auditEntries(value)
          .filter((e) => e.seq < before)
          .reverse(),
    )
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

  /** Newest first, like the audit trail. */
  async printJobs(opts: { limit: number; printer?: string | undefined; state?: string | undefined }): Promise<PrintJobRecord[]> {
    const { printer, state } = opts
    const filtered = printer !== undefined || state !== undefined
    return newestFirst<PrintJobRecord>(
      this.bee,
      PRINT_JOB_RANGE,
      opts.limit,
      filtered ? (j) => (printer === undefined || j.printer === printer) && (state === undefined || j.state === state) : null,
    )
  }

  /** The last operation folded: its clock seeds the node's clock after a restart. */
  async lastAudit(): Promise<AuditEntry | null> {
    for await (const { value } of this.bee.createReadStream({ ...AUDIT_RANGE, reverse: true, limit: 1 })) {
      return auditEntries(value).at(-1) ?? null
    }
    return null
  }

  /** What a scanned code is. Staff badges carry the person id; node keys identify machines. */
  async resolveScan(code: string): Promise<ScanResolution> {
    const trimmed = code.trim()
    // a two-factor badge names its person before the colon (its secret is checked at sign-in only)
    const id = BadgeCode.safeParse(trimmed).success ? trimmed.slice(0, trimmed.lastIndexOf(':')) : trimmed
    const person = PersonId.safeParse(id).success ? await this.person(id) : null
    if (person !== null) return { kind: 'person', code, person }
    const writer = HexKey.safeParse(trimmed).success ? await this.writer(trimmed) : null
    if (writer !== null) return { kind: 'node', code, writer }
    return { kind: 'unknown', code }
  }
}

function publicPerson(p: PersonState): PersonRecord {
  return { id: p.id, name: p.name, role: p.role, active: p.active }
}

/** An audit filter by type finds an operation under its old name too (OPERATION_ALIASES). */
export const sameType = (logged: string, asked: string): boolean => canonicalOperationType(logged) === canonicalOperationType(asked)
