import { z } from 'zod'
import { UNITS } from './quantity.js'

/** Stock's socket methods (spread into METHODS). */
export const STOCK_METHODS = {
  'quantity.parse': {
    summary: 'read a typed quantity ("1.720 MT", "10,5") the one way every screen reads it, or say why not',
    access: 'anyone',
    params: z
      .object({
        text: z.string().max(64),
        unit: z.enum(UNITS),
        allowNegative: z.boolean().default(false),
        allowZero: z.boolean().default(false),
      })
      .strict(),
    result: z.object({ milli: z.number().int(), unit: z.enum(UNITS), shown: z.string() }),
  },
} as const
