import { z } from 'zod'

/**
 * A node removed from the site (lost or stolen device), as the node itself and the others know
 * it: who removed it, when, and how much of its log the site had accepted by then. Its blocks
 * from `accepted` on were written after the removal (while the node did not know) and were
 * never accepted: Autobase does not hand a removed writer's later blocks to the fold at all.
 */
// Not strict: fields a newer version adds are dropped, so a removed node still hears the notice.
export const Removal = z.object({
  /** The person who removed the node. */
  by: z.string().min(1).max(80),
  /** When, on their clock (ms since the epoch); 0 if the view that removed it did not record it. */
  at: z.number().int().nonnegative(),
  /** How many blocks of the removed node's log the site accepted (its blocks before this one). */
  accepted: z.number().int().nonnegative(),
})
export type Removal = z.infer<typeof Removal>

/** "2026-12-02 07:03 UTC": when a removal happened, for a person. */
export function removalDate(at: number): string {
  if (at === 0) return 'an unknown date' // removed by a version that did not record when
  return new Date(at).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}

/** What a removed node says of itself, on every screen: one plain line. */
export function removalLine(r: Removal): string {
  return `this node was removed from the site on ${removalDate(r.at)} by ${r.by}: its later work was not accepted`
}

/** Why an operation a removed node wrote after its removal is listed as rejected. */
export function unacceptedReason(r: Removal): string {
  return `the node was removed from the site on ${removalDate(r.at)} by ${r.by}: this operation was not accepted`
}
