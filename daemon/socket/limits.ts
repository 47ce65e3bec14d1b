/**
 * What one client may cost the daemon (issue #14; seen: a signed-out client pipelining 20 MB of
 * system.status without reading took the daemon from 195 to 907 MB, and another client waited
 * 12 s for its status). The frame limit is `maxFrameBytes` beside these (config.json, top level).
 * Each can be set under "socket" in config.json; tests lower them.
 */
export interface SocketLimits {
  /**
   * Clients at once. A terminal node serves one TUI, a few CLI calls and the odd script; the
   * socket is owner-only, so this bounds a runaway script rather than a stranger.
   */
  maxConnections: number
  /**
   * Requests read but not yet answered, per connection. The TUI has two in flight at most, the CLI
   * one; past this a request is answered E_BUSY at once. With the frame limit it bounds what a
   * connection's queue holds (32 × 1 MiB at worst).
   */
  maxQueuedRequests: number
  /**
   * Reply bytes waiting for a client that does not read. Reading stops as soon as the socket's
   * buffer is full (so requests stop coming in); only events can pile up past that, and a client
   * whose unread output passes this is closed. Above the largest single reply: a reply is only
   * refused when this much was already waiting before it.
   */
  maxReplyBufferBytes: number
  /**
   * A connection that sends no complete frame for this long, has nothing in flight and is not
   * subscribed is closed. A subscribed client (the TUI) sits idle for hours legitimately: it lives
   * as long as it reads its events (maxReplyBufferBytes closes it when it stops).
   */
  idleTimeoutMs: number
  /** A frame begun must end (its newline) within this: a slowloris holds nothing longer. */
  frameTimeoutMs: number
}

export const DEFAULT_SOCKET_LIMITS: Readonly<SocketLimits> = Object.freeze({
  maxConnections: 32,
  maxQueuedRequests: 32,
  maxReplyBufferBytes: 8 * 1024 * 1024,
  idleTimeoutMs: 10 * 60_000,
  frameTimeoutMs: 30_000,
})
