import { z } from 'zod'
import { Hlc } from './hlc.js'
import { NumberStyle } from './number-style.js'
import { PrintDocument, PrinterId, ProfileId } from './print.js'
import { CatalogImportPayload, Partner, Product, ReceivePayload, StockLocation } from './stock.js'
import { COUNT_PAYLOADS, ConflictResolvePayload, ORDER_PAYLOADS } from './orders.js'
import { PersonId, Role, type Permission } from './roles.js'

/** A node's writer key (and a site's key): 32 bytes as lower-case hex. */
export const HexKey = z.string().regex(/^[0-9a-f]{64}$/, 'a key is 64 hex characters')

/** A slow hash of a PIN (scrypt, see daemon/people/pin-hash.ts). Never a PIN in clear. */
export const PinHash = z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[0-9a-f]{32}\$[0-9a-f]{64}$/)

/**
 * Every replicated operation type: its schema version, its payload schema, and who may make it.
 * The fold checks `allowed` again on every node, so a writer cannot get an operation folded
 * that its person could not have made at the socket.
 */
export const OPERATIONS = {
  'site.create': {
    /**
     * v2 adds numberStyle. A v1 build halts on a v2 site.create rather than fold a site without
     * its style (and read "1.234" 1000 times too large); a v1 operation's numberStyle, if any, is
     * ignored here as a v1 build ignores it, so both fold the same view.
     */
    v: 2,
    allowed: 'genesis',
    payload: z.object({
      name: z.string().min(1).max(80),
      nodeName: z.string().min(1).max(80),
      swarmKey: HexKey,
      numberStyle: NumberStyle.optional(),
    }),
  },
  /** An admin changes how the site writes numbers (sites founded before v2 have no style). */
  'site.setNumberStyle': {
    v: 1,
    allowed: ['admin'],
    payload: z.object({ style: NumberStyle }),
  },
  'people.add': {
    v: 1,
    allowed: ['admin'],
    payload: z.object({
      id: PersonId,
      name: z.string().min(1).max(80),
      role: Role,
      pinHash: PinHash,
    }),
  },
  'people.setPin': {
    v: 1,
    allowed: 'self-or-admin',
    payload: z.object({ id: PersonId, pinHash: PinHash }),
  },
  'people.setRole': {
    v: 1,
    allowed: ['admin'],
    payload: z.object({ id: PersonId, role: Role }),
  },
  'people.remove': {
    v: 1,
    allowed: ['admin'],
    payload: z.object({ id: PersonId }),
  },
  /** A new staff badge for a person (the old one stops working): SHA-256 of its secret, hex. */
  'people.setBadge': {
    v: 1,
    allowed: ['admin'],
    payload: z.object({ id: PersonId, badgeHash: z.string().regex(/^[0-9a-f]{64}$/, 'a badge hash is 64 hex digits') }),
  },
  'mesh.addNode': {
    v: 1,
    allowed: ['manager'],
    payload: z.object({ key: HexKey, name: z.string().min(1).max(80), swarmKey: HexKey }),
  },
  'mesh.removeNode': {
    v: 1,
    allowed: ['manager'],
    payload: z.object({ key: HexKey }),
  },
  'notes.post': {
    v: 1,
    allowed: 'anyone',
    payload: z.object({ text: z.string().trim().min(1).max(2000) }),
  },
  'notes.archive': {
    v: 1,
    allowed: 'author-or-manager',
    payload: z.object({ noteId: z.string().min(8).max(64) }),
  },
  'printing.announce': {
    v: 1,
    allowed: 'node',
    payload: z.object({ id: PrinterId, name: z.string().min(1).max(80), profile: ProfileId }),
  },
  'printing.queue': {
    v: 1,
    allowed: 'anyone',
    payload: z.object({ printer: PrinterId, document: PrintDocument, copyOf: z.string().min(8).max(64).nullable() }),
  },
  'printing.cancel': {
    v: 1,
    allowed: 'anyone',
    payload: z.object({ job: z.string().min(8).max(64) }),
  },
  'printing.printed': {
    v: 1,
    allowed: 'node',
    /** copy: the job was sent again because its first delivery was never confirmed (README). */
    payload: z.object({ job: z.string().min(8).max(64), copy: z.boolean() }),
  },
  'catalog.products.upsert': {
    v: 1,
    allowed: ['manager'],
    payload: z.object({ products: z.array(Product).min(1).max(1000) }),
  },
  'catalog.locations.upsert': {
    v: 1,
    allowed: ['manager'],
    payload: z.object({ locations: z.array(StockLocation).min(1).max(1000) }),
  },
  'catalog.partners.upsert': {
    v: 1,
    allowed: ['manager'],
    payload: z.object({ partners: z.array(Partner).min(1).max(1000) }),
  },
  'catalog.import': {
    v: 1,
    allowed: ['manager'],
    payload: CatalogImportPayload,
  },
  'stock.receive': {
    v: 1,
    allowed: ['picker'],
    payload: ReceivePayload,
  },
  'orders.create': { v: 1, allowed: ['manager'], payload: ORDER_PAYLOADS.create },
  'orders.cancel': { v: 1, allowed: ['manager'], payload: ORDER_PAYLOADS.cancel },
  'orders.fulfil': { v: 1, allowed: ['picker'], payload: ORDER_PAYLOADS.fulfil },
  'orders.reserve': { v: 1, allowed: ['manager'], payload: ORDER_PAYLOADS.reserve },
  'orders.release': { v: 1, allowed: ['manager'], payload: ORDER_PAYLOADS.release },
  'picking.scan': { v: 1, allowed: ['picker'], payload: ORDER_PAYLOADS.pick },
  'picking.short': { v: 1, allowed: ['picker'], payload: ORDER_PAYLOADS.short },
  'counting.open': { v: 1, allowed: ['picker'], payload: COUNT_PAYLOADS.open },
  'counting.scan': { v: 1, allowed: ['picker'], payload: COUNT_PAYLOADS.scan },
  'counting.approve': { v: 1, allowed: ['manager'], payload: COUNT_PAYLOADS.approve },
  'counting.cancel': { v: 1, allowed: ['picker'], payload: COUNT_PAYLOADS.cancel },
  'conflicts.resolve': { v: 2, allowed: ['manager'], payload: ConflictResolvePayload },
} as const satisfies Record<string, OperationSpec>

export interface OperationSpec {
  v: number
  /**
   * genesis: only as the site's first operations; node: made by the node itself, never by a
   * person (a printer it drives); self-or-admin / author-or-manager: see fold.
   */
  allowed: Permission | 'genesis' | 'node' | 'self-or-admin' | 'author-or-manager'
  payload: z.ZodType
}

export type OperationType = keyof typeof OPERATIONS

/**
 * Approvals (SPEC: count variances, conflicts, adding or removing a node need a manager). Where
 * a node's config asks for two factors, these need a sign-in with badge plus PIN.
 */
export const APPROVAL_OPERATIONS: ReadonlySet<string> = new Set<OperationType>(['counting.approve', 'conflicts.resolve', 'mesh.removeNode'])
export const OPERATION_TYPES = Object.keys(OPERATIONS) as OperationType[]

export function isOperationType(type: string): type is OperationType {
  return Object.hasOwn(OPERATIONS, type)
}

/**
 * Operation types renamed in protocol v2 (protocol/VERSIONS.md), so that an operation and the
 * socket method that makes it say the same word. Logs written before keep the old names forever
 * (a log is never edited): the fold reads an old name as its new one. The view keeps the type as
 * the log wrote it (audit entries, conflicts), so an old log folds to the same bytes as before
 * and `system.verify` on an upgraded node still agrees with its view.
 */
export const OPERATION_ALIASES: Readonly<Record<string, OperationType>> = {
  'person.add': 'people.add',
  'person.setPin': 'people.setPin',
  'person.setRole': 'people.setRole',
  'person.remove': 'people.remove',
  'person.setBadge': 'people.setBadge',
  'writer.add': 'mesh.addNode',
  'writer.remove': 'mesh.removeNode',
  'note.post': 'notes.post',
  'note.archive': 'notes.archive',
  'printer.announce': 'printing.announce',
  'print.job.queue': 'printing.queue',
  'print.job.cancel': 'printing.cancel',
  'print.job.printed': 'printing.printed',
  'order.create': 'orders.create',
  'order.cancel': 'orders.cancel',
  'order.fulfil': 'orders.fulfil',
  'stock.reserve': 'orders.reserve',
  'stock.release': 'orders.release',
  'stock.pick': 'picking.scan',
  'stock.pick.short': 'picking.short',
  'count.open': 'counting.open',
  'count.scan': 'counting.scan',
  'count.approve': 'counting.approve',
  'count.cancel': 'counting.cancel',
  'conflict.resolve': 'conflicts.resolve',
}

/** The type an operation's name stands for now: an old name (OPERATION_ALIASES) read as its new one. */
export function canonicalOperationType(type: string): string {
  return Object.hasOwn(OPERATION_ALIASES, type) ? OPERATION_ALIASES[type]! : type
}

export type PayloadOf<T extends OperationType> = z.infer<(typeof OPERATIONS)[T]['payload']>

/** The operation envelope, as it stands in a writer's log. */
export const Envelope = z.object({
  id: z.string().min(8).max(64),
  type: z.string().min(1).max(64),
  v: z.number().int().positive(),
  node: HexKey,
  person: z.union([PersonId, z.literal('@system')]),
  hlc: Hlc,
  payload: z.unknown(),
})
export type Envelope = z.infer<typeof Envelope>

export type Operation<T extends OperationType = OperationType> = {
  [K in T]: Omit<Envelope, 'type' | 'payload'> & { type: K; payload: PayloadOf<K> }
}[T]

/** One block in a writer's log carries a group of operations appended together. */
export const LOG_BLOCK_VERSION = 1

/**
 * A client's id for one write request (`ops.submit`'s `request`): a retry with the same id is
 * answered with the first attempt's operation ids instead of being appended again. Kept in the
 * log block beside its operations (the fold ignores it, so older builds read such blocks).
 */
export const RequestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a request id is 8 to 64 letters, digits, _ or -')

export const LogBlock = z.object({ block: z.literal(LOG_BLOCK_VERSION), ops: z.array(z.unknown()).min(1), request: RequestId.optional() })
export type LogBlock = { block: typeof LOG_BLOCK_VERSION; ops: Envelope[]; request?: string }

/** What a client asks to append: the daemon fills in id, node, person, clock and version. */
export const OperationDraft = z.object({ type: z.string().min(1).max(64), payload: z.unknown() })
export type OperationDraft = z.infer<typeof OperationDraft>

/** The largest group one request may append (one log block). */
export const MAX_OPS_PER_BLOCK = 1000
