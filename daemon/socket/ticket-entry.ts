import {
  OutpostError,
  localTime,
  SLOT_MS,
  type EnteredItem,
  type KdsChit,
  type MenuItemRecord,
  type OperationDraft,
  type TicketItem,
  type TicketRecord,
  type Window,
} from '../../protocol/index.js'
import type { MethodContext } from './context.js'

/**
 * What the counter's entry checks before a ticket is appended: each item on sale now (not out,
 * not sold out, in its window, a special of this shift), and each station under its throttle. The
 * fold checks none of these (a ticket entered offline on another node still stands; a sale past
 * the last portion is flagged oversold there): they are the counter's, told in a person's words.
 */

/**
 * A read started now and awaited later, in the order its answer is judged: its failure is held
 * (not unhandled) until then, and a read whose turn never comes (an earlier refusal) is dropped.
 */
export function settled<T>(read: Promise<T>): () => Promise<T> {
  read.catch(() => {})
  return () => read
}

/** The shift a ticket belongs to: the one named, or the one open truck or place shift. */
export async function serviceShift(ctx: MethodContext, named: string | undefined): Promise<string | null> {
  if (named !== undefined) {
    const shift = await ctx.node.read.shifts.shift(named)
    if (shift === null) throw new OutpostError('E_NOT_FOUND', `no shift ${named}`)
    if (shift.state === 'closed') throw new OutpostError('E_CONFLICT', `shift ${named} was checked out`)
    return shift.id
  }
  const open = await ctx.node.read.shifts.services()
  if (open.length > 1)
    throw new OutpostError('E_INVALID_PARAMS', `name the shift: ${open.map((s) => `${s.id} (${s.who})`).join(', ')} are open`)
  return open[0]?.id ?? null
}

async function menuItemOf(ctx: MethodContext, ref: string | number): Promise<MenuItemRecord> {
  const item = typeof ref === 'number' ? await ctx.node.read.menu.byNumber(ref) : await ctx.node.read.menu.item(ref)
  if (item === null) throw new OutpostError('E_NOT_FOUND', `no menu item ${typeof ref === 'number' ? `number ${ref}` : ref}`)
  return item
}

/** Whether local time `at` (HH:MM) is in a window; a window past midnight (22:00-02:00) wraps. */
const inWindow = (w: Window, at: string): boolean => (w.from <= w.to ? at >= w.from && at < w.to : at >= w.from || at < w.to)

/** Why an item cannot be sold now in this shift, or null; `more` portions are about to be asked for. */
export async function refusal(
  ctx: MethodContext,
  item: MenuItemRecord,
  shift: string | null,
  now: number,
  more = 1,
): Promise<string | null> {
  if (item.retired) return `${item.name} is off the menu`
  if (item.shift !== null && item.shift !== shift) return `${item.name} is a special of shift ${item.shift}`
  const station = await ctx.node.read.stations.station(item.station)
  if (station === null || station.retired) return `${item.name}'s station ${item.station} is closed`
  if (item.windows.length > 0 && !item.windows.some((w) => inWindow(w, localTime(now))))
    return `${item.name} is served ${item.windows.map((w) => `${w.name} ${w.from}-${w.to}`).join(', ')} only`
  if (shift === null) return null
  const rec = await ctx.node.read.menu.inShift(shift, item.id)
  if (rec.out) return `${item.name} is out of stock for this shift`
  if (rec.portions !== null) {
    const left = rec.portions - rec.sold
    if (left <= 0) return `${item.name} is sold out for this shift (${rec.portions} ${rec.portions === 1 ? 'portion' : 'portions'})`
    if (more > left) return `${item.name}: only ${left} left for this shift`
  }
  return null
}

/** The entered items, read against the menu and checked; refused whole with the first reason. */
export async function readItems(
  ctx: MethodContext,
  entered: readonly EnteredItem[],
  shift: string | null,
  now: number,
): Promise<TicketItem[]> {
  const items: TicketItem[] = []
  const asked = new Map<string, number>()
  // read together, judged in order: the refusal told is the first entered item's, as one by one
  const menus = entered.map((e) => settled(menuItemOf(ctx, e.item)))
  const checks: Array<() => Promise<string | null>> = []
  const refuseFirst = async () => {
    for (const check of checks) {
      const why = await check()
      if (why !== null) throw new OutpostError('E_CONFLICT', why)
    }
  }
  const found: MenuItemRecord[] = []
  for (const [i, e] of entered.entries()) {
    const menu = await menus[i]!().catch(async (err: unknown) => {
      await refuseFirst()
      throw err
    })
    found.push(menu)
    asked.set(menu.id, (asked.get(menu.id) ?? 0) + (e.qty ?? 1))
    checks.push(settled(refusal(ctx, menu, shift, now, asked.get(menu.id))))
  }
  await refuseFirst()
  for (const [i, e] of entered.entries()) {
    const menu = found[i]!
    const qty = e.qty ?? 1
    items.push({
      item: menu.id,
      name: menu.name,
      qty,
      modifiers: e.modifiers ?? [],
      note: e.note ?? null,
      allergies: e.allergies ?? [],
      course: e.course ?? 1,
      station: menu.station,
      price: menu.price,
    })
  }
  return items
}

/** Each station's throttle: refused, saying which limit is reached and when the next slot starts. */
export async function checkThrottle(ctx: MethodContext, stations: ReadonlySet<string>, now: number): Promise<void> {
  let loads: Awaited<ReturnType<typeof stationLoads>> | null = null
  for (const station of stations) {
    const throttle = await ctx.node.read.menu.throttle(station)
    if (throttle === null) continue
    // the tickets read once, and only where a throttle is set
    loads ??= await stationLoads(ctx, now)
    const load = loads(station)
    if (throttle.open !== null && load.openNow >= throttle.open)
      throw new OutpostError(
        'E_CONFLICT',
        `${station} is full: ${load.openNow} open tickets (its limit is ${throttle.open}); bump one first`,
      )
    if (throttle.perSlot !== null && load.inSlot >= throttle.perSlot)
      throw new OutpostError(
        'E_CONFLICT',
        `the ${localTime(load.slotEnds - SLOT_MS)}-${localTime(load.slotEnds)} slot is full at ${station} (${load.inSlot} tickets); the next slot starts at ${localTime(load.slotEnds)}`,
      )
  }
}

/** How full a station is now: open tickets with items still to make there, and tickets fired in this 15-minute slot. */
/** Each station's load now, from one read of the open tickets and of the slot's tickets. */
export async function stationLoads(
  ctx: MethodContext,
  now: number,
): Promise<(station: string) => { openNow: number; inSlot: number; slotEnds: number }> {
  const open = await ctx.node.read.tickets.open()
  const slotStart = Math.floor(now / SLOT_MS) * SLOT_MS
  const fired = await ctx.node.read.tickets.firedTickets(slotStart, slotStart + SLOT_MS)
  return (station) => {
    const has = (t: TicketRecord, undoneOnly: boolean) =>
      t.parts.some((p) => p.items.some((i) => i.station === station && (!undoneOnly || i.done === null)))
    return {
      openNow: open.filter((t) => has(t, true)).length,
      inSlot: fired.filter((t) => t.state !== 'cancelled' && has(t, false)).length,
      slotEnds: slotStart + SLOT_MS,
    }
  }
}

/**
 * A chit per station printer for these items (a ticket fired, or a part added: that part alone),
 * queued in the same log block as the ticket: the print queue keeps a chit for a printer that is
 * off and prints it once when it is back, and the ticket never waits for paper.
 */
export async function chitDrafts(
  ctx: MethodContext,
  ticket: { id: string; label: string; note: string | null },
  items: readonly TicketItem[],
  opts: { now: number; part: number },
): Promise<OperationDraft[]> {
  const drafts: OperationDraft[] = []
  const byStation = new Map<string, TicketItem[]>()
  for (const item of items) byStation.set(item.station, [...(byStation.get(item.station) ?? []), item])
  const screens = await ctx.node.read.stations.screens()
  for (const [station, mine] of byStation) {
    const record = await ctx.node.read.stations.station(station)
    const printer = record?.printer ?? screens.find((s) => s.printer !== null && s.stations.includes(station))?.printer ?? null
    if (printer === null || (await ctx.node.read.printing.printer(printer)) === null) continue
    const document: KdsChit = {
      kind: 'kds-chit',
      ticket: ticket.id,
      station,
      label: opts.part === 0 ? ticket.label : `${ticket.label} +${opts.part}`.slice(0, 40),
      placedAt: localTime(opts.now),
      items: mine.slice(0, 60).map((i) => ({
        qty: i.qty,
        name: i.name,
        modifiers: [
          ...(i.course > 1 ? [`course ${i.course}`] : []),
          ...i.allergies.map((a) => `ALLERGY ${a.toUpperCase()}`),
          ...i.modifiers,
        ].slice(0, 12),
        ...(i.note === null ? {} : { note: i.note }),
      })),
      ...(opts.part === 0 && ticket.note !== null ? { note: ticket.note } : {}),
    }
    drafts.push({ type: 'printing.queue', payload: { printer, document, copyOf: null } })
  }
  return drafts
}
