import { z } from 'zod'
import { NumberStyle } from './number-style.js'
import { Appended, HexKey, type MethodSpec, type OperationSpec } from './spec.js'

/** The site itself: its founding and how it writes numbers. */

export const SITE_OPERATIONS = {
  'site.create': {
    /**
     * v2 adds numberStyle. A v1 build halts on a v2 site.create rather than fold a site without
     * its style (and read "1.234" 1000 times too large); a v1 operation's numberStyle, if any, is
     * ignored here as a v1 build ignores it, so both fold the same view.
     */
    v: 2,
    allowed: 'genesis',
    payload: z.object({
      name: z.string().min(1).max(80),
      nodeName: z.string().min(1).max(80),
      swarmKey: HexKey,
      numberStyle: NumberStyle.optional(),
    }),
  },
  /** An admin changes how the site writes numbers (sites founded before v2 have no style). */
  'site.setNumberStyle': {
    v: 1,
    allowed: ['admin'],
    payload: z.object({ style: NumberStyle }),
  },
} as const satisfies Record<string, OperationSpec>

export const SITE_METHODS = {
  'site.setNumberStyle': {
    summary: 'set how the site writes numbers: comma (1.234,5) or point (1,234.5); it decides what 1.234 means',
    access: ['admin'],
    params: z.object({ style: NumberStyle }).strict(),
    result: Appended,
  },
} as const satisfies Record<string, MethodSpec>
