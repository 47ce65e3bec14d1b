import { z } from 'zod'
import { EVENT_TYPES } from './events.js'
import { Empty, HexKey, type MethodSpec, type OperationSpec } from './spec.js'

/**
 * The webhook outbox (docs/integration.md): endpoints an ERP/CRM gives, the events each wants,
 * signed the Standard Webhooks way, and what did not get through (dead letters). Endpoints and
 * their secrets live on the sending node only (webhooks.json in its data dir, or its config), so
 * a secret never travels in the log; the log only says which node sends.
 */

/** What an endpoint may ask for: the fold's events and the sender's stock.low. */
export const WEBHOOK_EVENT_TYPES = [...EVENT_TYPES, 'stock.low'] as const
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES)
export type WebhookEventType = z.infer<typeof WebhookEventType>

export const EndpointId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'an endpoint id is 1-32 lower-case letters, digits, _ -')
export const WebhookUrl = z
  .string()
  .max(2000)
  .regex(/^https?:\/\/[^\s/?#]+\S*$/, 'an endpoint is an http:// or https:// URL')
/** whsec_ + base64 of 24 to 64 random bytes (Standard Webhooks). */
export const WebhookSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/, 'a secret is whsec_ followed by base64 of 24 to 64 bytes')

export const EndpointView = z.object({
  id: EndpointId,
  url: z.string(),
  events: z.array(WebhookEventType),
  /** config: from config.json (change it there); cli: added with `outpost webhooks add`. */
  source: z.enum(['config', 'cli']),
  /** Why it stopped (a 410 from the receiver), or null while it sends. */
  disabled: z.string().nullable(),
  /** Two secrets while one is being rotated: until then each delivery carries both signatures. */
  rotatingUntil: z.number().int().nullable(),
  /** The last event (its seq in fold order) the receiver acknowledged or that went to dead letters; -1: none. */
  cursor: z.number().int(),
  pending: z.number().int(),
  dead: z.number().int(),
  /** The delivery being tried now: its attempt and when the next try is due. */
  retrying: z.object({ event: z.string(), attempt: z.number().int(), nextAt: z.number().int(), last: z.string() }).nullable(),
})
export type EndpointView = z.infer<typeof EndpointView>

export const DeadLetter = z.object({
  /** The webhook-id: the same on every try, and on a manual retry. */
  id: z.string(),
  endpoint: EndpointId,
  type: WebhookEventType,
  seq: z.number().int(),
  attempts: z.number().int(),
  last: z.string(),
  at: z.number().int(),
})
export type DeadLetter = z.infer<typeof DeadLetter>

/** What `status` says of the outbox: which node sends, and how far behind it is. */
export const WebhooksStatus = z.object({
  /** The node that sends (its last `webhooks.sender`), null when none was configured. */
  sender: HexKey.nullable(),
  /** Whether this node is it. */
  here: z.boolean(),
  /** The site's events so far (the fold's event count). */
  events: z.number().int(),
  /** On the sender: events not yet acknowledged, the endpoint furthest behind; null elsewhere. */
  behind: z.number().int().nullable(),
  dead: z.number().int().nullable(),
  endpoints: z.number().int().nullable(),
  /**
   * On another node: the sender as this node knows it from the mesh (its name, online, when last
   * heard, blocks of its log not yet here); null when this node has not met it. Its cursor is in
   * its own webhooks.json only, so how far behind its deliveries are is said on the sender alone.
   */
  senderPeer: z
    .object({ name: z.string(), online: z.boolean(), lastSeen: z.number().nullable(), behind: z.number().int() })
    .nullable()
    .optional(),
  /** The inbound HTTP endpoint on this node (host:port), null when it has none. */
  inbound: z.string().nullable().optional(),
})
export type WebhooksStatus = z.infer<typeof WebhooksStatus>

export const WEBHOOKS_OPERATIONS = {
  /** This node sends the site's webhooks from now on (its config says `webhooks.send`). */
  'webhooks.sender': { v: 1, allowed: 'node', payload: z.object({}) },
  /** An inbound webhook was applied (in the same block as what it made): a repeat of its id is refused. */
  'webhooks.received': {
    v: 1,
    allowed: ['integration'],
    payload: z.object({ id: z.string().min(1).max(128), type: z.string().min(1).max(64) }),
  },
} as const satisfies Record<string, OperationSpec>

const ADMIN = ['admin'] as const

export const WEBHOOKS_METHODS = {
  'webhooks.list': {
    summary: "this node's webhook endpoints, each with its cursor, pending events and dead letters, and which node sends",
    access: ['manager'],
    params: Empty,
    result: z.object({ status: WebhooksStatus, endpoints: z.array(EndpointView) }),
  },
  'webhooks.add': {
    summary: 'add a webhook endpoint and the events it gets; answers its whsec_ secret (shown once)',
    access: ADMIN,
    params: z
      .object({
        url: WebhookUrl,
        events: z.array(WebhookEventType).min(1).max(WEBHOOK_EVENT_TYPES.length),
        id: EndpointId.optional(),
        /** Where it starts: 'next' (events from now on, the default) or 'first' (every event the site has). */
        from: z.enum(['next', 'first']).default('next'),
      })
      .strict(),
    result: z.object({ id: EndpointId, secret: WebhookSecret }),
  },
  'webhooks.remove': {
    summary: 'remove a webhook endpoint (its dead letters go with it)',
    access: ADMIN,
    params: z.object({ id: EndpointId }).strict(),
    result: Empty,
  },
  'webhooks.rotateSecret': {
    summary: 'a new secret for an endpoint; both sign every delivery for `overlapHours` (24), then only the new one',
    access: ADMIN,
    params: z
      .object({
        id: EndpointId,
        overlapHours: z
          .number()
          .min(0)
          .max(24 * 30)
          .default(24),
      })
      .strict(),
    result: z.object({ id: EndpointId, secret: WebhookSecret, rotatingUntil: z.number().int() }),
  },
  'webhooks.enable': {
    summary: 'send again to an endpoint that a 410 disabled, from where it stopped',
    access: ADMIN,
    params: z.object({ id: EndpointId }).strict(),
    result: Empty,
  },
  'webhooks.dead': {
    summary: 'dead letters: deliveries that failed every retry, oldest first',
    access: ['manager'],
    params: z.object({ endpoint: EndpointId.optional(), limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    result: z.array(DeadLetter),
  },
  'webhooks.retry': {
    summary: 'send dead letters again (one by its webhook-id, or all of an endpoint), with the same webhook-id',
    access: ['manager'],
    params: z
      .object({ id: z.string().min(1).max(128).optional(), endpoint: EndpointId.optional() })
      .strict()
      .refine((p) => p.id !== undefined || p.endpoint !== undefined, 'name a dead letter (id) or an endpoint'),
    result: z.object({ retried: z.number().int() }),
  },
} as const satisfies Record<string, MethodSpec>
