import type { PrinterRecord, STATIONS_OPERATIONS, ScreenRecord, StationRecord } from '../../protocol/index.js'
import { printerKey, screenKey, stationKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'
import { reject, type Handler, type HandlersOf } from './context.js'
import { WHOLE, mergeRecord } from './field-merge.js'

/** Kitchen stations as data, and the KDS screens registered for them. */

export async function stationOrReject(view: ViewWriter, id: string): Promise<StationRecord> {
  const station = await view.get<StationRecord>(stationKey(id))
  if (station === null) reject(`no kitchen station ${id}`)
  return station
}

async function printerOrReject(view: ViewWriter, id: string | null): Promise<void> {
  if (id !== null && (await view.get<PrinterRecord>(printerKey(id))) === null) reject(`no printer ${id} in this site`)
}

/** A station's fields merge with edits made apart (field-merge.ts); the merged station is what is judged. */
export const stationSet: Handler<'stations.set'> = async ({ view, op }) => {
  const { edit, source, ...given } = op.payload
  const key = stationKey(given.id)
  const before = await view.get<StationRecord>(key)
  const station = await mergeRecord(view, key, before, given, edit ?? WHOLE, op, source ?? 'terminal', `station ${given.id}`)
  await printerOrReject(view, station.printer)
  await view.put(key, station)
}

export const stationRegister: Handler<'stations.register'> = async ({ view, op }) => {
  const { screen: id, name, stations, ageing, printer } = op.payload
  for (const s of stations) await stationOrReject(view, s)
  await printerOrReject(view, printer)
  const before = await view.get<ScreenRecord>(screenKey(id))
  // a registration is a beat too; one logged earlier is kept
  const beat = Math.max(before?.beat ?? 0, op.hlc.t)
  const screen: ScreenRecord = { id, name, node: op.node, stations, ageing, printer, registeredBy: op.person, at: op.hlc.t, beat }
  await view.put(screenKey(id), screen)
}

/** A screen's beat, from its own node only (the node it talks to is the one that hears it). */
export const stationBeat: Handler<'stations.beat'> = async ({ view, op }) => {
  const screen = await view.get<ScreenRecord>(screenKey(op.payload.screen))
  if (screen === null) reject(`no screen ${op.payload.screen}: register it first`)
  if (screen.node !== op.node) reject(`screen ${screen.id} talks to another node: only that node logs its beats`)
  // beats made apart fold in any order: the latest stands
  await view.put(screenKey(screen.id), { ...screen, beat: Math.max(screen.beat ?? 0, op.hlc.t) })
}

export const STATIONS_HANDLERS: HandlersOf<typeof STATIONS_OPERATIONS> = {
  'stations.set': stationSet,
  'stations.register': stationRegister,
  'stations.beat': stationBeat,
}
