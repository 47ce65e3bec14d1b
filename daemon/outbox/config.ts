import { z } from 'zod'
import { EndpointId, Sku, WebhookEventType, WebhookSecret, WebhookUrl } from '../../protocol/index.js'

/**
 * The integration's keys of config.json (docs/configuration.md, docs/integration.md): `webhooks`
 * for the outbox, `integration` for the inbound HTTP endpoint and what the CRM is shown.
 */

/** Standard Webhooks' schedule: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
export const DEFAULT_RETRY_MS = [0, 5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 86_400].map((s) => s * 1000)

export const WebhooksConfigFile = z
  .object({
    /** This node sends the site's webhooks (one node of the site should; the last to say so does). */
    send: z.boolean(),
    /** Endpoints kept in the config file (others are added with `outpost webhooks add`). */
    endpoints: z
      .array(
        z
          .object({
            id: EndpointId,
            url: WebhookUrl,
            events: z.array(WebhookEventType).min(1),
            /** One secret, or two while rotating (both sign each delivery). */
            secrets: z.array(WebhookSecret).min(1).max(2),
            from: z.enum(['next', 'first']).default('first'),
          })
          .strict(),
      )
      .max(32),
    /** Wait before each try, ms: the first is the first try's (0, at once). Tests shorten it. */
    retryMs: z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(7 * 86_400_000),
      )
      .min(1)
      .max(20),
    /** One request's time limit (15 s). */
    timeoutMs: z.number().int().min(50).max(120_000),
    /** stock.low: the free quantity (in the product's unit) below which a product is low, by SKU. */
    lowStock: z.record(Sku, z.number().min(0).max(1e9)),
  })
  .partial()
  .strict()

const Threshold = z
  .object({ quality: z.string().min(1).max(40), color: z.string().min(1).max(40), low: z.number().min(0).max(1e9) })
  .strict()
export type Threshold = z.infer<typeof Threshold>

export const IntegrationConfigFile = z
  .object({
    /** The inbound HTTP endpoint's address (127.0.0.1: this machine only). */
    host: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    /** What the ERP/CRM signs its webhooks with (two while rotating). No secrets: no inbound endpoint. */
    secrets: z.array(WebhookSecret).min(1).max(2),
    /** What the ERP sends as `Authorization: Bearer ...` to read balances, events and availability. */
    readToken: z.string().min(24).max(200),
    /** The person the inbound webhooks act as (role integration; added by the node if missing). */
    person: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,31}$/),
    maxBodyBytes: z
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024),
    /** How long a request may take to arrive whole before it is refused (408). */
    requestTimeoutMs: z.number().int().min(100).max(600_000),
    /** Availability: free quantity below `low` (in the unit) is "low", none is "out". */
    availability: z
      .object({ low: z.number().min(0).max(1e9), thresholds: z.array(Threshold).max(10_000), exact: z.boolean() })
      .partial()
      .strict(),
  })
  .partial()
  .strict()

export interface EndpointConfig {
  id: string
  url: string
  events: string[]
  secrets: string[]
  from: 'next' | 'first'
}

export interface WebhooksConfig {
  send: boolean
  endpoints: readonly EndpointConfig[]
  retryMs: readonly number[]
  timeoutMs: number
  lowStock: Readonly<Record<string, number>>
}

export interface InboundConfig {
  host: string
  port: number
  secrets: readonly string[]
  readToken: string | null
  person: string
  maxBodyBytes: number
  requestTimeoutMs: number
}

export interface AvailabilityConfig {
  low: number
  thresholds: readonly Threshold[]
  exact: boolean
}

export interface IntegrationConfig {
  /** null: no inbound endpoint (no secrets configured). */
  inbound: InboundConfig | null
  availability: AvailabilityConfig
}

export function resolveWebhooks(file: z.infer<typeof WebhooksConfigFile> | undefined): Readonly<WebhooksConfig> {
  return Object.freeze({
    send: file?.send ?? false,
    endpoints: Object.freeze(file?.endpoints ?? []),
    retryMs: Object.freeze(file?.retryMs ?? DEFAULT_RETRY_MS),
    timeoutMs: file?.timeoutMs ?? 15_000,
    lowStock: Object.freeze({ ...file?.lowStock }),
  })
}

export function resolveIntegration(file: z.infer<typeof IntegrationConfigFile> | undefined): Readonly<IntegrationConfig> {
  const secrets = file?.secrets ?? []
  return Object.freeze({
    inbound:
      secrets.length === 0
        ? null
        : {
            host: file?.host ?? '127.0.0.1',
            port: file?.port ?? 49780,
            secrets,
            readToken: file?.readToken ?? null,
            person: file?.person ?? 'integration',
            maxBodyBytes: file?.maxBodyBytes ?? 256 * 1024,
            requestTimeoutMs: file?.requestTimeoutMs ?? 10_000,
          },
    availability: { low: 0, thresholds: [], exact: false, ...file?.availability },
  })
}
