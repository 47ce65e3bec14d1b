import type { SHIFTS_OPERATIONS, ShiftRecord } from '../../protocol/index.js'
import { shiftKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'
import { reject, type Handler, type HandlersOf } from './context.js'
import { emit } from './events.js'

/** Shifts: check-in, pause, resume, checkout, guarded in that order. */

export async function shiftOrReject(view: ViewWriter, id: string): Promise<ShiftRecord> {
  const shift = await view.get<ShiftRecord>(shiftKey(id))
  if (shift === null) reject(`no shift ${id}`)
  return shift
}

export const shiftCheckIn: Handler<'shifts.checkIn'> = async ({ view, op }) => {
  const { id, kind, who } = op.payload
  if ((await view.get(shiftKey(id))) !== null) reject(`shift ${id} exists already`)
  const shift: ShiftRecord = { id, kind, who, state: 'open', checkedIn: op.hlc.t, pauses: [], checkedOut: null, by: op.person }
  await view.put(shiftKey(id), shift)
  await emit(view, op, 'shift.opened', '', [], { shift: id })
}

export const shiftPause: Handler<'shifts.pause'> = async ({ view, op }) => {
  const shift = await shiftOrReject(view, op.payload.shift)
  if (shift.state !== 'open') reject(`shift ${shift.id} is ${shift.state}`)
  await view.put(shiftKey(shift.id), { ...shift, state: 'paused', pauses: [...shift.pauses, { from: op.hlc.t, to: null }] })
}

export const shiftResume: Handler<'shifts.resume'> = async ({ view, op }) => {
  const shift = await shiftOrReject(view, op.payload.shift)
  if (shift.state !== 'paused') reject(`shift ${shift.id} is ${shift.state}, not paused`)
  const pauses = shift.pauses.map((p, i) => (i === shift.pauses.length - 1 ? { ...p, to: op.hlc.t } : p))
  await view.put(shiftKey(shift.id), { ...shift, state: 'open', pauses })
}

export const shiftCheckOut: Handler<'shifts.checkOut'> = async ({ view, op }) => {
  const shift = await shiftOrReject(view, op.payload.shift)
  if (shift.state === 'closed') reject(`shift ${shift.id} was checked out already`)
  const pauses = shift.pauses.map((p) => (p.to === null ? { ...p, to: op.hlc.t } : p))
  await view.put(shiftKey(shift.id), { ...shift, state: 'closed', pauses, checkedOut: op.hlc.t })
  await emit(view, op, 'shift.closed', '', [], { shift: shift.id })
}

export const SHIFTS_HANDLERS: HandlersOf<typeof SHIFTS_OPERATIONS> = {
  'shifts.checkIn': shiftCheckIn,
  'shifts.pause': shiftPause,
  'shifts.resume': shiftResume,
  'shifts.checkOut': shiftCheckOut,
}
