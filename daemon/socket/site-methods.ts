import type { SITE_METHODS } from '../../protocol/index.js'
import type { ImplementationsOf } from './context.js'
import { submit } from './submit.js'

export const SITE_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof SITE_METHODS> = {
  'site.setNumberStyle': (params, ctx) => submit(ctx, [{ type: 'site.setNumberStyle', payload: params }]),
}
