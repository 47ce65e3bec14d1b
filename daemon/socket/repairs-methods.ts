import {
  OutpostError,
  REPAIR_MOVES,
  type DeviceRecord,
  type IntakeLabel,
  type OperationDraft,
  type REPAIRS_METHODS,
} from '../../protocol/index.js'
import { locationOf, productOf, quantityOf, rollOf, uniqueStem } from './codes.js'
import type { ImplementationsOf, MethodContext } from './context.js'
import { editOf } from './field-edits.js'
import { submit } from './submit.js'
import { deviceKey } from '../view/keys.js'
import type { RepairWithDevice } from '../view/repairs-reader.js'

/** A repair named by its id or its device's code (what the bench scanned), or a clear refusal. */
async function repairOf(ctx: MethodContext, code: string): Promise<RepairWithDevice> {
  const found = await ctx.node.read.repairs.find(code)
  if (found === null) throw new OutpostError('E_NOT_FOUND', `${code} is not a repair or an intake label of this site`)
  return found
}

function intakeLabel(device: DeviceRecord, customer: string): IntakeLabel {
  const cut = (text: string, max: number) => (text.length > max ? text.slice(0, max - 1) + '…' : text)
  return {
    kind: 'intake-label',
    code: device.code,
    repair: device.repair,
    serial: device.serial,
    product: cut(device.product, 80),
    customer: cut(customer, 40),
    fault: cut(device.fault, 400),
    accessories: cut(device.accessories.length === 0 ? 'none' : device.accessories.join(', '), 400),
    at: new Date(device.at).toISOString().slice(0, 16).replace('T', ' '),
  }
}

export const REPAIRS_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof REPAIRS_METHODS> = {
  'repairs.intake': async (params, ctx) => {
    const product = params.sku === undefined ? null : await productOf(ctx, params.sku)
    const location = params.location === undefined ? null : await locationOf(ctx, params.location)
    const partner = params.customer === null ? null : await ctx.node.read.catalog.partner(params.customer)
    if (params.customer !== null && partner === null)
      throw new OutpostError('E_NOT_FOUND', `${params.customer} is not a partner of this site`)
    const stem = uniqueStem(ctx)
    const payload = {
      device: `DV-${stem}`,
      repair: `RP-${stem}`,
      sku: product?.sku ?? null,
      location,
      serial: params.serial,
      product: params.product,
      customer: partner?.code ?? null,
      fault: params.fault,
      accessories: params.accessories,
      condition: params.condition,
    }
    const drafts: OperationDraft[] = [{ type: 'repairs.intake', payload }]
    // the label in the same log block as the intake: both land together or neither does
    let printer = params.printer
    if (printer === undefined) printer = ctx.node.board.printing?.ids[0] ?? null
    if (printer !== null) {
      if ((await ctx.node.read.printing.printer(printer)) === null)
        throw new OutpostError('E_NOT_FOUND', `no printer ${printer} in this site`)
      const device: DeviceRecord = {
        ...payload,
        code: payload.device,
        person: ctx.person?.id ?? '',
        at: Date.now(),
        node: ctx.node.nodeKey,
      }
      drafts.push({ type: 'printing.queue', payload: { printer, document: intakeLabel(device, partner?.name ?? 'walk-in'), copyOf: null } })
    }
    const { ids } = await submit(ctx, drafts)
    return { ids, device: payload.device, repair: payload.repair, labels: printer === null ? 0 : 1 }
  },
  'repairs.move': async (params, ctx) => {
    const { repair } = await repairOf(ctx, params.repair)
    if (!REPAIR_MOVES[repair.state].includes(params.to)) {
      const next = REPAIR_MOVES[repair.state]
      throw new OutpostError(
        'E_CONFLICT',
        `repair ${repair.id} is ${repair.state}: it can go to ${next.length === 0 ? 'nothing (it is closed)' : next.join(', ')}, not ${params.to}`,
      )
    }
    if (params.to === 'rma' && params.rma === undefined)
      throw new OutpostError('E_INVALID_PARAMS', "sending a repair to its supplier needs the supplier's RMA number (rma)")
    const rma = params.to === 'rma' ? { number: params.rma!, supplier: params.supplier ?? null } : null
    const { ids } = await submit(ctx, [{ type: 'repairs.move', payload: { repair: repair.id, from: repair.state, to: params.to, rma } }])
    return { ids, state: params.to }
  },
  'repairs.note': async (params, ctx) => {
    const { repair } = await repairOf(ctx, params.repair)
    return submit(ctx, [{ type: 'repairs.note', payload: { repair: repair.id, text: params.text, minutes: params.minutes } }])
  },
  'repairs.part': async (params, ctx) => {
    const { repair } = await repairOf(ctx, params.repair)
    const roll = await rollOf(ctx, params.roll)
    let milli = roll.milli
    if (params.quantity !== undefined) {
      const product = await ctx.node.read.catalog.product(roll.sku)
      milli = (await quantityOf(ctx, params.quantity, { unit: product?.unit ?? 'pcs' })).milli
    }
    const { ids } = await submit(ctx, [{ type: 'repairs.part', payload: { repair: repair.id, roll: roll.code, milli } }])
    return { ids, milli }
  },
  'repairs.edit': async ({ repair: code, ...fields }, ctx) => {
    const { device } = await repairOf(ctx, code)
    const key = deviceKey(device.code)
    // only what differs from the device here goes in the log, with the values this node saw there
    const edit = await editOf(ctx.node, key, { ...device, ...fields })
    if (edit === null) return { ids: [] }
    const given = Object.fromEntries(edit.fields.map((f) => [f, (fields as Record<string, unknown>)[f]]))
    return submit(ctx, [{ type: 'repairs.edit', payload: { device: device.code, ...given, edit, source: ctx.node.source } }])
  },
  'repairs.discrepancy': async (params, ctx) => {
    const repair = params.repair === undefined ? null : (await repairOf(ctx, params.repair)).repair.id
    const location = params.location === undefined ? null : await locationOf(ctx, params.location)
    const id = `DX-${uniqueStem(ctx)}`
    const payload = { id, repair, item: params.item, location, note: params.note }
    const { ids } = await submit(ctx, [{ type: 'repairs.discrepancy', payload }])
    return { ids, id }
  },
  'repairs.get': async ({ repair }, ctx) => repairOf(ctx, repair),
  'repairs.list': ({ open, limit }, { node }) => node.read.repairs.repairs(open, limit),
  'repairs.discrepancies': ({ limit }, { node }) => node.read.repairs.discrepancies(limit),
}
