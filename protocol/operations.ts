import { z } from 'zod'
import { ATTACHMENTS_OPERATIONS } from './attachments.js'
import { CATALOG_OPERATIONS } from './catalog.js'
import { CONFLICTS_OPERATIONS } from './conflicts.js'
import { COUNTING_OPERATIONS } from './counting.js'
import { Hlc } from './hlc.js'
import { HISTORY_OPERATIONS } from './history.js'
import { MESH_OPERATIONS } from './mesh.js'
import { NOTES_OPERATIONS } from './notes.js'
import { ORDERS_OPERATIONS } from './orders.js'
import { PEOPLE_OPERATIONS } from './people.js'
import { PICKING_OPERATIONS } from './picking.js'
import { PRINTING_OPERATIONS } from './printing.js'
import { REPAIRS_OPERATIONS } from './repairs.js'
import { PersonId } from './roles.js'
import { SITE_OPERATIONS } from './site.js'
import { HexKey, combine, type OperationSpec } from './spec.js'
import { STOCK_OPERATIONS } from './stock.js'
import { WEBHOOKS_OPERATIONS } from './webhooks.js'
import { MENU_OPERATIONS } from './menu.js'
import { SHIFTS_OPERATIONS } from './shifts.js'
import { STATIONS_OPERATIONS } from './stations.js'
import { TICKETS_OPERATIONS } from './tickets.js'

/**
 * Every replicated operation type: its schema version, its payload schema, and who may make it,
 * as each capability declares them (protocol/<capability>.ts). The fold checks `allowed` again on
 * every node, so a writer cannot get an operation folded that its person could not have made at
 * the socket.
 */
export const OPERATIONS = combine(
  'operation',
  SITE_OPERATIONS,
  PEOPLE_OPERATIONS,
  MESH_OPERATIONS,
  NOTES_OPERATIONS,
  PRINTING_OPERATIONS,
  CATALOG_OPERATIONS,
  STOCK_OPERATIONS,
  ORDERS_OPERATIONS,
  PICKING_OPERATIONS,
  COUNTING_OPERATIONS,
  CONFLICTS_OPERATIONS,
  WEBHOOKS_OPERATIONS,
  REPAIRS_OPERATIONS,
  ATTACHMENTS_OPERATIONS,
  STATIONS_OPERATIONS,
  MENU_OPERATIONS,
  SHIFTS_OPERATIONS,
  TICKETS_OPERATIONS,
  HISTORY_OPERATIONS,
)

export type { OperationSpec }

export type OperationType = keyof typeof OPERATIONS

/** Approvals (OperationSpec.approval): where a node's config asks for two factors, these need badge plus PIN. */
export const APPROVAL_OPERATIONS: ReadonlySet<string> = new Set(
  Object.entries(OPERATIONS as Record<string, OperationSpec>).flatMap(([type, spec]) => (spec.approval === true ? [type] : [])),
)
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
