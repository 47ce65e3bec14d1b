import {
  CLOSED_REPAIR_STATES,
  DEVICE_EDIT_FIELDS,
  PART_STATES,
  REPAIR_MOVES,
  type DeviceRecord,
  type DiscrepancyRecord,
  type REPAIRS_OPERATIONS,
  type RepairRecord,
  type RollRecord,
} from '../../protocol/index.js'
import { deviceKey, discrepancyKey, locationKey, openRepairKey, partnerKey, productKey, repairKey } from '../view/keys.js'
import type { ViewWriter } from '../view/view-writer.js'
import { claimCode } from './catalog.js'
import { departureOf } from './conflict-flags.js'
import { reject, type Handler, type HandlersOf } from './context.js'
import { mergeRecord } from './field-merge.js'
import { post, putRoll, rollOrReject } from './stock.js'

/** A repair keeps at most this many notes and parts: a bench job, not a project. */
export const MAX_REPAIR_ENTRIES = 500

async function repairOrReject(view: ViewWriter, id: string): Promise<RepairRecord> {
  const repair = await view.get<RepairRecord>(repairKey(id))
  if (repair === null) reject(`no repair ${id}`)
  return repair
}

async function known(view: ViewWriter, key: string | null, what: string): Promise<void> {
  if (key !== null && (await view.get(key)) === null) reject(`no ${what}`)
}

export const repairIntake: Handler<'repairs.intake'> = async ({ view, op }) => {
  const p = op.payload
  if ((await view.get(repairKey(p.repair))) !== null) reject(`repair ${p.repair} exists already`)
  if ((await view.get(deviceKey(p.device))) !== null) reject(`device ${p.device} exists already`)
  await known(view, p.sku === null ? null : productKey(p.sku), `product ${p.sku}`)
  await known(view, p.customer === null ? null : partnerKey(p.customer), `partner ${p.customer}`)
  await known(view, p.location === null ? null : locationKey(p.location), `location ${p.location}`)
  // the intake label's code scans back to the device (scan.resolve), like a roll's
  await claimCode(view, p.device, { kind: 'device', key: p.device }, `device ${p.device}`)
  const device: DeviceRecord = {
    code: p.device,
    repair: p.repair,
    serial: p.serial,
    sku: p.sku,
    product: p.product,
    customer: p.customer,
    fault: p.fault,
    accessories: p.accessories,
    condition: p.condition,
    person: op.person,
    at: op.hlc.t,
    node: op.node,
    location: p.location,
  }
  const repair: RepairRecord = { id: p.repair, device: p.device, state: 'received', rma: null, steps: [], notes: [], minutes: 0, parts: [] }
  await view.put(deviceKey(p.device), device)
  await view.put(repairKey(p.repair), repair)
  await view.put(openRepairKey(p.repair), 1)
}

/**
 * Move a repair on. `from` is what the person saw: a move from a state the repair has left
 * meanwhile (another bench moved it while the two were apart) is refused, and so shows under
 * Conflicts. One exception keeps two benches apart that both closed a repair the same way from
 * bothering anyone: a close into the state the repair is closed in already stands as a repeat
 * (kept in its steps), and nothing moves. Closed two different ways (returned on one bench,
 * scrapped on the other), the later in the site's order is refused: a person should look.
 * Either way the outcome follows the linearized order, so it is the same on every node.
 */
export const repairMove: Handler<'repairs.move'> = async ({ view, op }) => {
  const { from, to, rma } = op.payload
  const repair = await repairOrReject(view, op.payload.repair)
  const step = { op: op.id, from, to, person: op.person, node: op.node, at: op.hlc.t }
  if (repair.state !== from && CLOSED_REPAIR_STATES.includes(to) && repair.state === to) {
    if (repair.steps.length >= MAX_REPAIR_ENTRIES) reject(`repair ${repair.id} holds ${MAX_REPAIR_ENTRIES} steps already`)
    await view.put(repairKey(repair.id), { ...repair, steps: [...repair.steps, { ...step, again: true }] })
    return
  }
  if (repair.state !== from) reject(`repair ${repair.id} is ${repair.state} now, not ${from}`)
  if (!REPAIR_MOVES[from].includes(to)) reject(`a repair cannot go from ${from} to ${to}`)
  if (to === 'rma' && rma === null) reject("a repair goes to its supplier with the supplier's RMA number")
  if (to === 'rma' && rma !== null) await known(view, rma.supplier === null ? null : partnerKey(rma.supplier), `partner ${rma.supplier}`)
  if (repair.steps.length >= MAX_REPAIR_ENTRIES) reject(`repair ${repair.id} holds ${MAX_REPAIR_ENTRIES} steps already`)
  const after: RepairRecord = { ...repair, state: to, steps: [...repair.steps, step] }
  if (to === 'rma' && rma !== null) after.rma = { number: rma.number, supplier: rma.supplier }
  await view.put(repairKey(repair.id), after)
  if (CLOSED_REPAIR_STATES.includes(to)) await view.del(openRepairKey(repair.id))
}

export const repairNote: Handler<'repairs.note'> = async ({ view, op }) => {
  const repair = await repairOrReject(view, op.payload.repair)
  if (repair.notes.length >= MAX_REPAIR_ENTRIES) reject(`repair ${repair.id} holds ${MAX_REPAIR_ENTRIES} notes already`)
  const note = { op: op.id, text: op.payload.text, minutes: op.payload.minutes, person: op.person, at: op.hlc.t }
  await view.put(repairKey(repair.id), { ...repair, notes: [...repair.notes, note], minutes: repair.minutes + op.payload.minutes })
}

/**
 * A part used: that much leaves a labelled unit of stock, as a REPAIR_PART ledger entry that
 * names the repair. The unit keeps what is left; used up, it has left the site (once: a second
 * use of a unit used up elsewhere is refused here, so the balance still equals its units).
 */
export const repairPart: Handler<'repairs.part'> = async ({ view, op }) => {
  const { milli } = op.payload
  const repair = await repairOrReject(view, op.payload.repair)
  if (!PART_STATES.includes(repair.state)) reject(`repair ${repair.id} is ${repair.state}: no part goes into it now`)
  if (repair.parts.length >= MAX_REPAIR_ENTRIES) reject(`repair ${repair.id} holds ${MAX_REPAIR_ENTRIES} parts already`)
  const roll = await rollOrReject(view, op.payload.roll)
  if (roll.state !== 'in-stock') reject(`${roll.code} is ${roll.state}, not in stock`)
  if (roll.order !== null) reject(`${roll.code} is held for order ${roll.order}`)
  if (milli > roll.milli) reject(`${roll.code} holds less than that (${roll.milli / 1000})`)
  await post(view, op, {
    type: 'REPAIR_PART',
    sku: roll.sku,
    lot: roll.lot,
    location: roll.location,
    roll: roll.code,
    milli: -milli,
    repair: repair.id,
  })
  const left = roll.milli - milli
  const after: RollRecord = left > 0 ? { ...roll, milli: left } : { ...roll, state: 'gone', left: departureOf(op, {}) }
  await putRoll(view, roll, after)
  const part = { op: op.id, roll: roll.code, sku: roll.sku, lot: roll.lot, location: roll.location, milli, person: op.person, at: op.hlc.t }
  await view.put(repairKey(repair.id), { ...repair, parts: [...repair.parts, part] })
}

/**
 * A device's intake fields corrected: only the fields given change, merged field by field with
 * edits made apart (field-merge.ts), so a serial fixed on one bench and the fault on another both
 * stand. The repair's state machine is not a field: it moves only by repairs.move and its guards.
 */
export const repairEdit: Handler<'repairs.edit'> = async ({ view, op }) => {
  const { device: code, edit, source, ...given } = op.payload
  const key = deviceKey(code)
  const device = await view.get<DeviceRecord>(key)
  if (device === null) reject(`no device ${code}`)
  const fields = DEVICE_EDIT_FIELDS.filter((f) => given[f] !== undefined)
  if (fields.length === 0) reject(`nothing to change on device ${code}`)
  const next = { ...device, ...Object.fromEntries(fields.map((f) => [f, given[f]])) }
  const merged = await mergeRecord(view, key, device, next, edit ?? { fields, seen: 'all' }, op, source ?? 'terminal', `device ${code}`)
  await known(view, merged.customer === null ? null : partnerKey(merged.customer), `partner ${merged.customer}`)
  await view.put(key, merged)
}

export const repairDiscrepancy: Handler<'repairs.discrepancy'> = async ({ view, op }) => {
  const p = op.payload
  if ((await view.get(discrepancyKey(p.id))) !== null) reject(`discrepancy ${p.id} exists already`)
  if (p.repair !== null) await repairOrReject(view, p.repair)
  await known(view, p.location === null ? null : locationKey(p.location), `location ${p.location}`)
  const record: DiscrepancyRecord = { ...p, person: op.person, node: op.node, at: op.hlc.t }
  await view.put(discrepancyKey(p.id), record)
}

export const REPAIRS_HANDLERS: HandlersOf<typeof REPAIRS_OPERATIONS> = {
  'repairs.intake': repairIntake,
  'repairs.move': repairMove,
  'repairs.note': repairNote,
  'repairs.part': repairPart,
  'repairs.edit': repairEdit,
  'repairs.discrepancy': repairDiscrepancy,
}
