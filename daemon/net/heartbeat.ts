import c from 'compact-encoding'
import Protomux from 'protomux'
import type { Duplex } from 'node:stream'
import { z } from 'zod'

/** What a peer says of itself every heartbeat: how long its log is, and where its DHT node listens. */
export const PeerVersion = z.object({ outpost: z.string().max(40), protocol: z.number().int().nonnegative() })
export type PeerVersion = z.infer<typeof PeerVersion>

/**
 * `version` came with Outpost 0.1 (issue #19): an older peer's beat has none and is still read,
 * and an older node reading this beat drops the field (zod strips unknown keys): a rolling upgrade
 * keeps heartbeats flowing both ways.
 */
export const Beat = z.object({
  name: z.string().max(80),
  writerLength: z.number().int().nonnegative(),
  siteNode: z.string().max(300).nullable(),
  version: PeerVersion.optional(),
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
