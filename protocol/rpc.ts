import { z } from 'zod'
import { NumberStyle } from './number-style.js'
import { OperationDraft, MAX_OPS_PER_BLOCK, RequestId } from './operations.js'
import { PairingRequestRecord } from './pairing.js'
import { PRINT_METHODS } from './rpc-print.js'
import { STOCK_METHODS } from './rpc-stock.js'
import { ORDER_METHODS } from './rpc-orders.js'
import { AuditEntry, NoteRecord, PeerRecord, PersonRecord, ScanResolution, Status, WriterRecord } from './records.js'
import { BadgeCode, Credential, PersonId, Pin, Role, type Permission } from './roles.js'

/** Bumped when a socket method changes incompatibly (see protocol/VERSIONS.md). */
export const PROTOCOL_VERSION = 2

/** `public`: no sign-in needed; otherwise the permission of the signed-in person. */
export type MethodAccess = 'public' | Permission

interface MethodSpec {
  summary: string
  access: MethodAccess
  params: z.ZodType
  result: z.ZodType
}

const Empty = z.object({}).strict()
const Appended = z.object({ ids: z.array(z.string()) })
/** `replayed`: this request id was recorded before (the ids are the first attempt's): nothing was appended now. */
const Submitted = Appended.extend({ replayed: z.literal(true).optional() })

/** Every socket method: what it takes, what it returns, and who may call it. */
export const METHODS = {
  'system.status': {
    summary: 'node, site, writers, log, view hash, peers, versions',
    access: 'public',
    params: Empty,
    result: Status,
  },
  'session.signIn': {
    summary: 'sign in this connection as a person with a PIN (or the one-time admin secret), and their scanned badge for two factors',
    access: 'public',
    params: z.object({ person: PersonId, pin: Credential, badge: BadgeCode.optional() }).strict(),
    result: PersonRecord,
  },
  'session.signOut': { summary: 'sign this connection out', access: 'public', params: Empty, result: Empty },
  'session.whoami': {
    summary: 'who is signed in on this connection',
    access: 'public',
    params: Empty,
    result: PersonRecord.nullable(),
  },
  'site.setNumberStyle': {
    summary: 'set how the site writes numbers: comma (1.234,5) or point (1,234.5); it decides what 1.234 means',
    access: ['admin'],
    params: z.object({ style: NumberStyle }).strict(),
    result: Appended,
  },
  'people.list': { summary: 'everyone on the site', access: 'anyone', params: Empty, result: z.array(PersonRecord) },
  'people.add': {
    summary: 'add a person with a role and a PIN',
    access: ['admin'],
    params: z.object({ id: PersonId, name: z.string().min(1).max(80), role: Role, pin: Pin }).strict(),
    result: Appended,
  },
  'people.setPin': {
    summary: "change a PIN (your own, or anyone's as admin)",
    access: 'anyone',
    params: z.object({ id: PersonId, pin: Pin }).strict(),
    result: Appended,
  },
  'people.issueBadge': {
    summary: 'issue a staff badge for two factors (badge plus PIN): returns the code to print; the old badge stops working',
    access: ['admin'],
    params: z.object({ id: PersonId }).strict(),
    result: z.object({ badge: BadgeCode, ids: z.array(z.string()) }),
  },
  'people.setRole': {
    summary: "change a person's role",
    access: ['admin'],
    params: z.object({ id: PersonId, role: Role }).strict(),
    result: Appended,
  },
  'people.remove': {
    summary: 'deactivate a person (history stays)',
    access: ['admin'],
    params: z.object({ id: PersonId }).strict(),
    result: Appended,
  },
  'mesh.nodes': { summary: "the site's writer nodes", access: 'anyone', params: Empty, result: z.array(WriterRecord) },
  'notes.post': {
    summary: 'post a shift note for everyone on the site',
    access: 'anyone',
    params: z.object({ text: z.string().trim().min(1).max(2000) }).strict(),
    result: Appended,
  },
  'notes.archive': {
    summary: 'archive a shift note (its author or a manager)',
    access: 'anyone',
    params: z.object({ noteId: z.string().min(8).max(64) }).strict(),
    result: Appended,
  },
  'notes.list': {
    summary: 'shift notes, newest first',
    access: 'anyone',
    params: z.object({ archived: z.boolean().default(false), limit: z.number().int().min(1).max(500).default(50) }).strict(),
    result: z.array(NoteRecord),
  },
  'ops.submit': {
    summary: `append up to ${MAX_OPS_PER_BLOCK} operations as one group; acknowledged once in the local log`,
    access: 'anyone',
    params: z.object({ ops: z.array(OperationDraft).min(1).max(MAX_OPS_PER_BLOCK), request: RequestId.optional() }).strict(),
    result: Submitted,
  },
  'audit.list': {
    summary:
      "the audit trail: who did what, when, on which node (newest first); a removed node's work the site never accepted comes first, rejected",
    access: ['manager'],
    params: z
      .object({
        limit: z.number().int().min(1).max(1000).default(100),
        beforeSeq: z.number().int().nonnegative().optional(),
        person: PersonId.optional(),
        type: z.string().max(64).optional(),
      })
      .strict(),
    result: z.array(AuditEntry),
  },
  'system.verify': {
    summary: 're-fold the whole log from scratch and compare with the persisted view',
    access: ['manager'],
    params: Empty,
    result: z.object({ seq: z.number().int(), hash: z.string(), contentHash: z.string(), refoldHash: z.string(), consistent: z.boolean() }),
  },
  'scan.resolve': {
    summary: 'what a scanned code is',
    access: 'anyone',
    params: z.object({ code: z.string().min(1).max(256) }).strict(),
    result: ScanResolution,
  },
  'mesh.pairCode': {
    summary: 'make a one-time pairing code (valid 5 minutes) for a new node to join',
    access: ['manager'],
    params: Empty,
    result: z.object({ code: z.string(), expiresAt: z.number().int() }),
  },
  'mesh.pairRequests': {
    summary: 'join requests waiting for consent',
    access: ['manager'],
    params: Empty,
    result: z.array(PairingRequestRecord),
  },
  'mesh.pairAccept': {
    summary: 'let a waiting node join: it becomes a writer of the site',
    access: ['manager'],
    params: z.object({ id: z.string().min(1).max(64) }).strict(),
    result: z.object({ writerKey: z.string() }),
  },
  'mesh.pairDeny': {
    summary: 'refuse a waiting node',
    access: ['manager'],
    params: z.object({ id: z.string().min(1).max(64) }).strict(),
    result: Empty,
  },
  'mesh.peers': {
    summary: 'the other nodes: online, last seen, address, operations behind',
    access: 'public',
    params: Empty,
    result: z.array(PeerRecord),
  },
  'mesh.removeNode': {
    summary: 'remove a node (lost or stolen): it stops being a writer and is refused',
    access: ['manager'],
    params: z.object({ node: z.string().min(1).max(80) }).strict(),
    result: Appended,
  },
  ...PRINT_METHODS,
  ...STOCK_METHODS,
  ...ORDER_METHODS,
  'view.subscribe': {
    summary: 'push `view.changed` events to this connection',
    access: 'public',
    params: Empty,
    result: z.object({ seq: z.number().int(), hash: z.string() }),
  },
} as const satisfies Record<string, MethodSpec>

export type MethodName = keyof typeof METHODS
export const METHOD_NAMES = Object.keys(METHODS) as MethodName[]
export type ParamsOf<M extends MethodName> = z.input<(typeof METHODS)[M]['params']>
export type ParsedParamsOf<M extends MethodName> = z.output<(typeof METHODS)[M]['params']>
export type ResultOf<M extends MethodName> = z.infer<(typeof METHODS)[M]['result']>

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(METHODS, name)
}

/** Events the daemon pushes to subscribed connections. */
export const EVENTS = {
  'view.changed': z.object({ seq: z.number().int(), hash: z.string(), status: Status }),
  /** A node with a valid code asks to join: show "NAME wants to join — Accept / Deny". */
  'mesh.pairRequested': PairingRequestRecord,
  /** A request was accepted, denied or expired: take the prompt down. */
  'mesh.pairSettled': z.object({ id: z.string(), outcome: z.enum(['accepted', 'denied', 'expired']) }),
} as const
export type EventName = keyof typeof EVENTS
export type EventOf<E extends EventName> = z.infer<(typeof EVENTS)[E]>
