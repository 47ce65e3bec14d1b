import { z } from 'zod'

/**
 * Hybrid logical clock timestamp: wall-clock milliseconds plus a counter that orders events
 * within the same millisecond or when a peer's clock runs ahead. Compared (t, c), then by
 * node key, it gives every operation a total order that respects causality seen by the node.
 */
export const Hlc = z.object({
  t: z.number().int().nonnegative(),
  c: z.number().int().nonnegative().max(0xffff),
})
export type Hlc = z.infer<typeof Hlc>

export function compareHlc(a: Hlc, b: Hlc): number {
  return a.t - b.t || a.c - b.c
}

/** A sortable fixed-width string form, used in view keys so that key order is time order. */
export function hlcKey(h: Hlc): string {
  return h.t.toString().padStart(15, '0') + '.' + h.c.toString(16).padStart(4, '0')
}
