import type { Operation, TicketItem, TicketRecord } from '../../protocol/index.js'
import { SERVED_COUNT_KEY, firedTicketKey, openTicketKey, servedTicketKey, shiftTicketKey, ticketKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'
import { flagConflict } from './conflict-flags.js'
import { reject } from './context.js'
import { itemShift } from './menu.js'
import { itemShiftKey } from '../view/keys.js'

/**
 * Where a ticket stands in the view besides its record: the open list (a board's), the served list
 * (recall's), and the shift's stock its portions count against. Kept apart from the handlers
 * (tickets.ts) so each file reads in one sitting.
 */

export async function ticketOrReject(view: ViewWriter, id: string): Promise<TicketRecord> {
  const ticket = await view.get<TicketRecord>(ticketKey(id))
  if (ticket === null) reject(`no ticket ${id}`)
  return ticket
}

/** Why work on a cancelled ticket is refused: one wording, whichever of the two folds first (ticket-cancel.ts). */
export const cancelledReason = (id: string, by: string, reason: string): string => `ticket ${id} was cancelled by ${by} (${reason})`

/** Write a ticket and keep the open and served lists in step with its state. */
export async function putTicket(view: ViewWriter, before: TicketRecord | null, after: TicketRecord): Promise<void> {
  const wasOpen = before !== null && isOpen(before)
  if (wasOpen && !isOpen(after)) await view.del(openTicketKey(before.fired, before.id))
  if (!wasOpen && isOpen(after)) await view.put(openTicketKey(after.fired, after.id), after.id)
  if (before === null) {
    await view.put(firedTicketKey(after.fired, after.id), after.id)
    if (after.shift !== null) await view.put(shiftTicketKey(after.shift, after.id), after.id)
  }
  if (before?.servedN !== null && before?.servedN !== undefined && after.servedN === null) await view.del(servedTicketKey(before.servedN))
  await view.put(ticketKey(after.id), { ...after, seq: view.seq })
}

export const isOpen = (t: TicketRecord): boolean => t.state !== 'served' && t.state !== 'cancelled'

/** The next place in the served list (recall's "last 50"). */
export async function nextServed(view: ViewWriter, id: string): Promise<number> {
  const n = (await view.get<number>(SERVED_COUNT_KEY)) ?? 0
  await view.put(SERVED_COUNT_KEY, n + 1)
  await view.put(servedTicketKey(n), id)
  return n
}

export async function servedCount(view: ViewWriter): Promise<number> {
  return (await view.get<number>(SERVED_COUNT_KEY)) ?? 0
}

/**
 * A part's portions count against the shift's stock. A sale past the last portion, or of an item
 * marked out, still stands (the food was sold, maybe on a node that could not know), and is
 * flagged "oversold" under Conflicts, one conflict per operation: never a silent negative.
 * Returns the menu items oversold.
 */
export async function takePortions(
  view: ViewWriter,
  op: Operation,
  ticket: string,
  shift: string | null,
  items: readonly TicketItem[],
): Promise<string[]> {
  if (shift === null) return []
  const over: string[] = []
  const words: string[] = []
  for (const [item, qty] of portionsOf(items)) {
    const rec = await itemShift(view, shift, item)
    const sold = rec.sold + qty
    await view.put(itemShiftKey(shift, item), { ...rec, sold })
    if (rec.out) {
      over.push(item)
      words.push(`${item} was marked out`)
    } else if (rec.portions !== null && sold > rec.portions) {
      over.push(item)
      words.push(`${item}: ${sold} sold of ${rec.portions}`)
    }
  }
  if (over.length > 0) await flagConflict(view, op, 'oversold', `ticket ${ticket} oversold in shift ${shift}: ${words.join('; ')}`, null)
  return over
}

/** A cancelled ticket's portions go back to the shift's stock. */
export async function givePortionsBack(view: ViewWriter, shift: string | null, items: readonly TicketItem[]): Promise<void> {
  if (shift === null) return
  for (const [item, qty] of portionsOf(items)) {
    const rec = await itemShift(view, shift, item)
    await view.put(itemShiftKey(shift, item), { ...rec, sold: rec.sold - qty })
  }
}

function portionsOf(items: readonly TicketItem[]): Map<string, number> {
  const out = new Map<string, number>()
  for (const i of items) out.set(i.item, (out.get(i.item) ?? 0) + i.qty)
  return out
}
