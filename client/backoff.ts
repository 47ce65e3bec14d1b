/**
 * How a TUI waits between attempts to reach its daemon again: doubling from `firstMs`, never more
 * than `maxMs` (a daemon restarted by systemd or after a power blip is back within seconds, and a
 * wall screen must notice soon after; a daemon that stays away costs one connect every `maxMs`,
 * never a busy loop). The count starts again only after a connection has stayed up `stableMs`: a
 * daemon that accepts and drops at once (too many clients, a crash while opening) is not hammered.
 */
export interface BackoffPolicy {
  firstMs: number
  maxMs: number
  stableMs: number
}

export const RECONNECT_BACKOFF: BackoffPolicy = Object.freeze({ firstMs: 250, maxMs: 3_000, stableMs: 5_000 })

/** The wait before attempt `attempt` (0 for the first after a drop). */
export function backoffDelay(attempt: number, policy: BackoffPolicy = RECONNECT_BACKOFF): number {
  // the exponent is capped so that a screen down for days never computes Infinity
  return Math.min(policy.maxMs, policy.firstMs * 2 ** Math.min(Math.max(0, attempt), 30))
}
