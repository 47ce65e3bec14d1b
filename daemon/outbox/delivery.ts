import { signedHeaders } from './signing.js'

/** One outbox message: its webhook-id (the same on every try), what it is, and its body. */
export interface Message {
  id: string
  type: string
  /** The event's place in fold order (the endpoint's cursor once it is through). */
  seq: number
  body: string
}

export type Outcome =
  | { kind: 'ok'; status: number }
  /** 410 Gone: the receiver wants no more; the endpoint is disabled. */
  | { kind: 'gone'; status: number }
  | { kind: 'retry'; reason: string; retryAfterMs: number | null }

/** The longest Retry-After honoured: beyond it the schedule's own wait stands (a day). */
const MAX_RETRY_AFTER_MS = 86_400_000

/**
 * Send one message, signed with the endpoint's current secrets. 2xx is acknowledged; 410 turns
 * the endpoint off; anything else (another status, a refused connection, the time limit) is a
 * retry, with the receiver's Retry-After when it gave one. Redirects are not followed: a
 * receiver that moved is given a new URL by its admin.
 */
export async function deliver(url: string, secrets: readonly string[], message: Message, timeoutMs: number): Promise<Outcome> {
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { ...signedHeaders(secrets, message.id, message.body), 'user-agent': 'outpost-webhooks' },
      body: message.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } }
    const reason = e.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (e.cause?.code ?? e.message)
    return { kind: 'retry', reason, retryAfterMs: null }
  }
  // the body is not needed, but must be read (or cancelled) so the connection can be reused
  await response.body?.cancel().catch(() => undefined)
  if (response.status >= 200 && response.status < 300) return { kind: 'ok', status: response.status }
  if (response.status === 410) return { kind: 'gone', status: 410 }
  return { kind: 'retry', reason: `HTTP ${response.status}`, retryAfterMs: retryAfter(response.headers.get('retry-after')) }
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function retryAfter(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null
  const text = header.trim()
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now
  if (!Number.isFinite(ms)) return null
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS)
}

/** A wait of the schedule with ±20 % jitter, so endpoints that failed together do not retry together. */
export function jittered(ms: number, random = Math.random): number {
  return ms === 0 ? 0 : Math.round(ms * (0.8 + 0.4 * random()))
}
