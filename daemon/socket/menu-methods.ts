import { OutpostError, type ItemShiftRecord, type MENU_METHODS, type MenuEntry, type MenuItemRecord } from '../../protocol/index.js'
import { menuKey } from '../view/keys.js'
import type { ImplementationsOf, MethodContext } from './context.js'
import { editOf } from './field-edits.js'
import { submit } from './submit.js'
import { refusal, serviceShift, stationLoads } from './ticket-entry.js'

/** A menu item named by id or menu number, as the counter types it. */
async function itemOf(ctx: MethodContext, ref: string): Promise<MenuItemRecord> {
  const item = /^\d+$/.test(ref) ? await ctx.node.read.menu.byNumber(Number(ref)) : await ctx.node.read.menu.item(ref)
  if (item === null) throw new OutpostError('E_NOT_FOUND', `no menu item ${ref}`)
  return item
}

/** The shift a stock or out mark is for: named, or the one open service; there must be one. */
async function shiftFor(ctx: MethodContext, named: string | undefined): Promise<string> {
  const shift = await serviceShift(ctx, named)
  if (shift === null) throw new OutpostError('E_CONFLICT', 'no truck or place is checked in: check one in first (shifts.checkIn)')
  return shift
}

export const MENU_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof MENU_METHODS> = {
  // field-level merge: the fields that differ from the record here, with the values this node saw
  'menu.set': async (payload, ctx) => {
    const edit = await editOf(ctx.node, menuKey(payload.id), payload)
    if (edit === null) return { ids: [] }
    return submit(ctx, [{ type: 'menu.set', payload: { ...payload, edit, source: ctx.node.source } }])
  },
  'menu.list': async ({ shift: named, all }, ctx) => {
    const shift = await serviceShift(ctx, named)
    const now = ctx.node.now()
    const out: MenuEntry[] = []
    const standing = shift === null ? new Map<string, ItemShiftRecord>() : await ctx.node.read.menu.shiftItems(shift)
    for (const item of await ctx.node.read.menu.items()) {
      if (!all && (item.retired || (item.shift !== null && item.shift !== shift))) continue
      const rec = standing.get(item.id)
      const left = rec === undefined || rec.portions === null ? null : rec.portions - rec.sold
      out.push({ ...item, left, out: rec?.out ?? false, refused: await refusal(ctx, item, shift, now) })
    }
    return { shift, items: out }
  },
  'menu.throttle': (payload, ctx) => submit(ctx, [{ type: 'menu.throttle', payload }]),
  'menu.throttles': async (_p, ctx) => {
    // every station, with no limit where none is set: its open tickets count all the same (a
    // manager saw "open -/∞" for a station with 14 open)
    const [stations, throttles, load] = await Promise.all([
      ctx.node.read.stations.stations(),
      ctx.node.read.menu.throttles(),
      stationLoads(ctx, ctx.node.now()),
    ])
    const ids = [...new Set([...stations.map((s) => s.id), ...throttles.map((t) => t.station)])].sort()
    return ids.map((station) => ({
      ...(throttles.find((t) => t.station === station) ?? { station, open: null, perSlot: null }),
      ...load(station),
    }))
  },
  'menu.stock': async ({ shift, item, portions }, ctx) => {
    const payload = { shift: await shiftFor(ctx, shift), item: (await itemOf(ctx, item)).id, portions }
    return submit(ctx, [{ type: 'menu.stock', payload }])
  },
  'menu.out': async ({ shift, item, out }, ctx) => {
    const payload = { shift: await shiftFor(ctx, shift), item: (await itemOf(ctx, item)).id, out }
    return submit(ctx, [{ type: 'menu.out', payload }])
  },
}
