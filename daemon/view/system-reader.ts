import type Hyperbee from 'hyperbee'
import {
  BadgeCode,
  HexKey,
  PersonId,
  canonicalOperationType,
  type AuditEntry,
  type NumberStyle,
  type ScanResolution,
} from '../../protocol/index.js'
import { AUDIT_RANGE, META_KEY, SITE_KEY, auditKey, foldedKey } from './keys.js'
import type { MeshReader } from './mesh-reader.js'
import type { PeopleReader } from './people-reader.js'
import { auditEntries, getValue, newestFirst } from './read.js'
import { EMPTY_HASH } from './view-hash.js'
import type { ViewMeta } from './view-writer.js'

export interface SiteState {
  name: string
  founder: string
  genesisDone: boolean
  /** How the site writes numbers; absent on sites founded before site.create v2. */
  numberStyle?: NumberStyle
}

/** The view itself (its seq and hash), the site, the audit trail, and what a scanned badge or node key is. */
export class SystemReader {
  constructor(
    private readonly bee: Hyperbee,
    private readonly people: PeopleReader,
    private readonly mesh: MeshReader,
  ) {}

  private value<T>(key: string): Promise<T | null> {
    return getValue<T>(this.bee, key)
  }

  async meta(): Promise<ViewMeta> {
    return (await this.value<ViewMeta>(META_KEY)) ?? { seq: 0, hash: EMPTY_HASH }
  }

  site(): Promise<SiteState | null> {
    return this.value<SiteState>(SITE_KEY)
  }

  /** How many blocks of a writer's log this view folded (the block after the last one folded). */
  async foldedBlocks(key: string): Promise<number> {
    const place = await this.value<{ block: number; index: number }>(foldedKey(key))
    return place === null ? 0 : place.block + 1
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
    const person = PersonId.safeParse(id).success ? await this.people.person(id) : null
    if (person !== null) return { kind: 'person', code, person }
    const writer = HexKey.safeParse(trimmed).success ? await this.mesh.writer(trimmed) : null
    if (writer !== null) return { kind: 'node', code, writer }
    return { kind: 'unknown', code }
  }
}

/** An audit filter by type finds an operation under its old name too (OPERATION_ALIASES). */
export const sameType = (logged: string, asked: string): boolean => canonicalOperationType(logged) === canonicalOperationType(asked)
