import type { ItemShiftRecord, MENU_OPERATIONS, MenuItemRecord } from '../../protocol/index.js'
import { itemShiftKey, menuKey, menuNumberKey, throttleKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'
import { reject, type Handler, type HandlersOf } from './context.js'
import { WHOLE, mergeRecord } from './field-merge.js'
import { shiftOrReject } from './shifts.js'
import { stationOrReject } from './stations.js'

/** The menu, per-shift stock and out-of-stock marks, and each station's throttle. */

export async function menuItemOrReject(view: ViewWriter, id: string): Promise<MenuItemRecord> {
  const item = await view.get<MenuItemRecord>(menuKey(id))
  if (item === null) reject(`no menu item ${id}`)
  return item
}

export async function itemShift(view: ViewWriter, shift: string, item: string): Promise<ItemShiftRecord> {
  return (await view.get<ItemShiftRecord>(itemShiftKey(shift, item))) ?? { shift, item, portions: null, sold: 0, out: false }
}

/**
 * An item's fields merge with edits made apart (field-merge.ts): a price set on one node and a
 * name on another both stand. The merged item is what the guards judge.
 */
export const menuSet: Handler<'menu.set'> = async ({ view, op }) => {
  const { edit, source, ...given } = op.payload
  const before = await view.get<MenuItemRecord>(menuKey(given.id))
  const item = await mergeRecord(view, menuKey(given.id), before, given, edit ?? WHOLE, op, source ?? 'terminal', `menu item ${given.id}`)
  const station = await stationOrReject(view, item.station)
  if (station.kind === 'expo') reject(`${station.id} is an expo station: items are made at a prep station`)
  if (item.shift !== null) await shiftOrReject(view, item.shift)
  const holder = await view.get<string>(menuNumberKey(item.number))
  if (!item.retired && holder !== null && holder !== item.id) reject(`menu number ${item.number} is ${holder}'s`)
  if (before !== null && (before.number !== item.number || item.retired) && !before.retired) await view.del(menuNumberKey(before.number))
  if (!item.retired) await view.put(menuNumberKey(item.number), item.id)
  await view.put(menuKey(item.id), item)
}

export const menuThrottle: Handler<'menu.throttle'> = async ({ view, op }) => {
  await stationOrReject(view, op.payload.station)
  await view.put(throttleKey(op.payload.station), { ...op.payload })
}

export const menuStock: Handler<'menu.stock'> = async ({ view, op }) => {
  const { shift, item, portions } = op.payload
  await shiftOrReject(view, shift)
  await menuItemOrReject(view, item)
  await view.put(itemShiftKey(shift, item), { ...(await itemShift(view, shift, item)), portions })
}

export const menuOut: Handler<'menu.out'> = async ({ view, op }) => {
  const { shift, item, out } = op.payload
  await shiftOrReject(view, shift)
  await menuItemOrReject(view, item)
  await view.put(itemShiftKey(shift, item), { ...(await itemShift(view, shift, item)), out })
}

export const MENU_HANDLERS: HandlersOf<typeof MENU_OPERATIONS> = {
  'menu.set': menuSet,
  'menu.throttle': menuThrottle,
  'menu.stock': menuStock,
  'menu.out': menuOut,
}
