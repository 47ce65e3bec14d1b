import c from 'compact-encoding'
import Protomux from 'protomux'
import type { Duplex } from 'node:stream'
import { z } from 'zod'

/** What a peer says of itself every heartbeat: how long its log is, and where its DHT node listens. */
export const Beat = z.object({
  name: z.string().max(80),
  writerLength: z.number().int().nonnegative(),
  siteNode: z.string().max(300).nullable(),
})
export type Beat = z.infer<typeof Beat>

export interface HeartbeatChannel {
  send(beat: Beat): void
  close(): void
}

/**
 * A small channel beside replication on the same connection (Protomux multiplexes both).
 * Malformed beats from a peer are ignored, never trusted.
 */
export function attachHeartbeat(stream: Duplex, onBeat: (beat: Beat) => void): HeartbeatChannel | null {
  const mux = Protomux.from(stream)
  const channel = mux.createChannel({ protocol: 'outpost/heartbeat/v1' })
  if (channel === null) return null
  const message = channel.addMessage({
    encoding: c.json,
    onmessage: (value) => {
      const beat = Beat.safeParse(value)
      if (beat.success) onBeat(beat.data)
    },
  })
  channel.open()
  return {
    send: (beat) => {
      if (!channel.closed) message.send(beat)
    },
    close: () => channel.close(),
  }
}
