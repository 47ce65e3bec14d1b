import type { OVERVIEW_METHODS } from '../../protocol/index.js'
import type { ImplementationsOf } from './context.js'

export const OVERVIEW_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof OVERVIEW_METHODS> = {
  'overview.get': (params, { node }) => node.read.overview.overview({ ...params, now: params.now ?? Date.now() }),
}
