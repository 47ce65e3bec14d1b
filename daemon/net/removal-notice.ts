import c from 'compact-encoding'
import Protomux from 'protomux'
import type { Duplex } from 'node:stream'
import { Removal } from '../../protocol/index.js'

/**
 * The one thing the site still says to a node it removed: that it was removed, by whom, when,
 * and how much of its log was accepted. Nothing of the site replicates over such a connection.
 * Without it a removed node is refused by every peer and never learns why: it kept acknowledging
 * work that the site would never accept (seen: issue #14, point 8).
 */
const PROTOCOL = 'outpost/removed/v1'

/** Listen on a member's connection; a notice that does not parse is ignored, never trusted. */
export function listenForRemovalNotice(stream: Duplex, onNotice: (removal: Removal) => void): void {
  const channel = Protomux.from(stream).createChannel({ protocol: PROTOCOL })
  if (channel === null) return
  channel.addMessage({
    encoding: c.json,
    onmessage: (value) => {
      const removal = Removal.safeParse(value)
      if (removal.success) onNotice(removal.data)
    },
  })
  channel.open()
}

/** Tell a removed node, once its side of the channel is open. */
export function sendRemovalNotice(stream: Duplex, removal: Removal): void {
  const channel = Protomux.from(stream).createChannel({
    protocol: PROTOCOL,
    onopen: () => message.send(removal),
  })
  if (channel === null) return
  const message = channel.addMessage({ encoding: c.json, onmessage: () => undefined })
  channel.open()
}
