import { randomBytes } from 'node:crypto'
import { Webhook } from 'standardwebhooks'

/** A new endpoint secret: whsec_ and base64 of 32 random bytes (Standard Webhooks asks 24 to 64). */
export function newSecret(): string {
  return 'whsec_' + randomBytes(32).toString('base64')
}

/**
 * The `webhook-signature` header: `v1,<base64 HMAC-SHA256 of id.timestamp.body>` for each secret,
 * space-separated, so a receiver that has either secret during a rotation accepts the delivery.
 */
export function signatures(secrets: readonly string[], id: string, at: Date, body: string): string {
  return secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' ')
}

/** The headers of one delivery (timestamp in whole seconds, as the signature covers it). */
export function signedHeaders(secrets: readonly string[], id: string, body: string, now = Date.now()): Record<string, string> {
  const at = new Date(Math.floor(now / 1000) * 1000)
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(now / 1000)),
    'webhook-signature': signatures(secrets, id, at, body),
  }
}
