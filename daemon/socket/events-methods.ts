import type { EVENTS_METHODS } from '../../protocol/index.js'
import type { ImplementationsOf } from './context.js'

export const EVENTS_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof EVENTS_METHODS> = {
  'events.list': ({ afterSeq, limit }, { node }) => node.read.events.events(afterSeq, limit),
}
