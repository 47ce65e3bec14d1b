import { z } from 'zod'
import { ONE_EDIT } from './fields.js'
import { LocationCode, Milli, Sku } from './catalog.js'
import { PrinterId, ScanCode } from './printing.js'
import { Appended, type MethodSpec, type OperationSpec } from './spec.js'

/**
 * The repair bench: a device's intake (with its label), its repair order through guarded
 * states, the parts it took from stock and the discrepancies found on the bench. Every operation
 * names the repair it touches in `repair` (and the intake in `device`), so other indexes (the
 * history of a record) can find it without reading the handler.
 */

/** What a bench's intake label carries (and what scans back to the intake): DV-... */
export const DeviceCode = z.string().regex(/^DV-[A-Z0-9-]{1,36}$/, 'a device code is DV- and up to 36 capitals, digits or -')
/** A repair order's id: RP-... */
export const RepairId = z.string().regex(/^RP-[A-Z0-9-]{1,36}$/, 'a repair id is RP- and up to 36 capitals, digits or -')
/** A discrepancy's id: DX-... */
export const DiscrepancyId = z.string().regex(/^DX-[A-Z0-9-]{1,36}$/, 'a discrepancy id is DX- and up to 36 capitals, digits or -')

const Text = (max: number) => z.string().trim().min(1).max(max)

export const REPAIR_STATES = [
  'received',
  'diagnosing',
  'waiting-parts',
  'repairing',
  'ready',
  'returned',
  'rma',
  'rma-back',
  'scrapped',
] as const
export const RepairState = z.enum(REPAIR_STATES)
export type RepairState = z.infer<typeof RepairState>

/**
 * Where a repair may go from each state (SPEC "Repair bench"). `returned` and `scrapped` close a
 * repair; `rma` is the device at its supplier under the supplier's RMA number, `rma-back` is it
 * back on the bench. The fold refuses any other move.
 */
export const REPAIR_MOVES: Readonly<Record<RepairState, readonly RepairState[]>> = {
  received: ['diagnosing', 'rma', 'scrapped'],
  diagnosing: ['waiting-parts', 'repairing', 'ready', 'rma', 'scrapped'],
  'waiting-parts': ['repairing', 'rma', 'scrapped'],
  repairing: ['waiting-parts', 'ready', 'rma', 'scrapped'],
  ready: ['returned', 'repairing'],
  rma: ['rma-back'],
  'rma-back': ['diagnosing', 'repairing', 'ready', 'returned', 'scrapped'],
  returned: [],
  scrapped: [],
}
/** States that close a repair: nothing moves it on, no part goes into it. */
export const CLOSED_REPAIR_STATES: readonly RepairState[] = ['returned', 'scrapped']
/** States in which a part may go into the device: it is on the bench and open. */
export const PART_STATES: readonly RepairState[] = ['diagnosing', 'waiting-parts', 'repairing', 'rma-back']

/** The ledger type of a part taken from stock into a repair (added to LEDGER_TYPES by protocol/stock.ts). */
export const REPAIRS_LEDGER_TYPES = ['REPAIR_PART'] as const

export const DeviceRecord = z.object({
  code: DeviceCode,
  repair: RepairId,
  serial: z.string(),
  /** The catalog product, when the device is one; null for a customer's own device. */
  sku: Sku.nullable(),
  product: z.string(),
  /** The customer (a partner code), or null for a walk-in / stock return. */
  customer: z.string().nullable(),
  fault: z.string(),
  accessories: z.array(z.string()),
  condition: z.string(),
  /** Who took it in, when (hybrid clock ms), on which node, at which location (null: the bench). */
  person: z.string(),
  at: z.number().int(),
  node: z.string(),
  location: LocationCode.nullable(),
})
export type DeviceRecord = z.infer<typeof DeviceRecord>

export const RepairStep = z.object({
  op: z.string(),
  from: RepairState,
  to: RepairState,
  person: z.string(),
  node: z.string(),
  at: z.number().int(),
  /** Set on a close that found the repair closed the same way already (benches apart): it stands, nothing moves. */
  again: z.boolean().optional(),
})
export const RepairPart = z.object({
  op: z.string(),
  roll: ScanCode,
  sku: Sku,
  lot: z.string(),
  location: LocationCode,
  milli: Milli,
  person: z.string(),
  at: z.number().int(),
})
export const RepairNote = z.object({
  op: z.string(),
  text: z.string(),
  minutes: z.number().int(),
  person: z.string(),
  at: z.number().int(),
})

export const RepairRecord = z.object({
  id: RepairId,
  device: DeviceCode,
  state: RepairState,
  /** The supplier's RMA number and the supplier, once the device went to it. */
  rma: z.object({ number: z.string(), supplier: z.string().nullable() }).nullable(),
  steps: z.array(RepairStep),
  notes: z.array(RepairNote),
  /** Time spent, the sum of the notes' minutes. */
  minutes: z.number().int(),
  parts: z.array(RepairPart),
})
export type RepairRecord = z.infer<typeof RepairRecord>

export const DiscrepancyRecord = z.object({
  id: DiscrepancyId,
  /** The repair it was found during, or null. */
  repair: RepairId.nullable(),
  /** What was scanned or typed (a roll, a product, a bin). */
  item: z.string(),
  location: LocationCode.nullable(),
  note: z.string(),
  person: z.string(),
  node: z.string(),
  at: z.number().int(),
})
export type DiscrepancyRecord = z.infer<typeof DiscrepancyRecord>

const IntakeFields = {
  serial: Text(64),
  product: Text(80),
  customer: z.string().trim().max(32).nullable(),
  fault: Text(400),
  accessories: z.array(Text(60)).max(20),
  condition: Text(200),
}
/** The intake fields a later edit may change (not the code, the repair, who took it in nor when). */
const EditFields = {
  serial: IntakeFields.serial.optional(),
  product: IntakeFields.product.optional(),
  customer: IntakeFields.customer.optional(),
  fault: IntakeFields.fault.optional(),
  accessories: IntakeFields.accessories.optional(),
  condition: IntakeFields.condition.optional(),
}
export const DEVICE_EDIT_FIELDS = ['serial', 'product', 'customer', 'fault', 'accessories', 'condition'] as const
const MAX_NOTE_MINUTES = 24 * 60

export const REPAIRS_OPERATIONS = {
  'repairs.intake': {
    v: 1,
    allowed: ['picker'],
    payload: z.object({ device: DeviceCode, repair: RepairId, sku: Sku.nullable(), location: LocationCode.nullable(), ...IntakeFields }),
  },
  /** `from` is the state the person saw: a move from a state the repair has left meanwhile is refused. */
  'repairs.move': {
    v: 1,
    allowed: ['picker'],
    payload: z.object({
      repair: RepairId,
      from: RepairState,
      to: RepairState,
      rma: z
        .object({ number: Text(40), supplier: z.string().max(32).nullable() })
        .nullable()
        .default(null),
    }),
  },
  'repairs.note': {
    v: 1,
    allowed: ['picker'],
    payload: z.object({ repair: RepairId, text: Text(1000), minutes: z.number().int().min(0).max(MAX_NOTE_MINUTES) }),
  },
  /** A part taken from a labelled unit of stock (a roll, a box of pieces): that much leaves it. */
  'repairs.part': {
    v: 1,
    allowed: ['picker'],
    payload: z.object({ repair: RepairId, roll: ScanCode, milli: Milli.refine((m) => m > 0, 'a part takes more than zero') }),
  },
  /**
   * A device's intake fields corrected (a serial mistyped, the fault as the customer said it
   * later): the fields given, merged field by field with edits made apart (ONE_EDIT).
   */
  'repairs.edit': {
    v: 1,
    allowed: ['picker'],
    payload: z.object({ device: DeviceCode, ...EditFields, ...ONE_EDIT }),
  },
  'repairs.discrepancy': {
    v: 1,
    allowed: ['picker'],
    payload: z.object({
      id: DiscrepancyId,
      repair: RepairId.nullable(),
      item: Text(64),
      location: LocationCode.nullable(),
      note: Text(400),
    }),
  },
} as const satisfies Record<string, OperationSpec>

export const REPAIRS_METHODS = {
  'repairs.intake': {
    summary: 'take a device in (serial scanned or typed): a device and its repair order, and its intake label printed at once',
    access: ['picker'],
    params: z
      .object({
        ...IntakeFields,
        /** A product's SKU or barcode when the device is one of the catalog's; omitted, none. */
        sku: ScanCode.optional(),
        /** Where it was taken in (a location's code or barcode); omitted, none. */
        location: ScanCode.optional(),
        accessories: IntakeFields.accessories.default([]),
        customer: IntakeFields.customer.default(null),
        /** Where the label goes: a printer id; omitted, the first printer on this node; null, none. */
        printer: PrinterId.nullable().optional(),
      })
      .strict(),
    result: z.object({ ids: z.array(z.string()), device: DeviceCode, repair: RepairId, labels: z.number().int() }),
  },
  'repairs.move': {
    summary:
      'move a repair on (diagnosing, waiting-parts, repairing, ready, returned, rma with the supplier RMA number, rma-back, scrapped)',
    access: ['picker'],
    params: z
      .object({
        /** The repair id or its device code (what was scanned). */
        repair: z.string().min(1).max(40),
        to: RepairState,
        rma: Text(40).optional(),
        supplier: z.string().max(32).optional(),
      })
      .strict(),
    result: z.object({ ids: z.array(z.string()), state: RepairState }),
  },
  'repairs.note': {
    summary: 'a note on a repair, with the minutes spent',
    access: ['picker'],
    params: z
      .object({ repair: z.string().min(1).max(40), text: Text(1000), minutes: z.number().int().min(0).max(MAX_NOTE_MINUTES).default(0) })
      .strict(),
    result: Appended,
  },
  'repairs.part': {
    summary: 'a part used: scanned from a labelled unit of stock, that much leaves stock as a REPAIR_PART ledger entry naming the repair',
    access: ['picker'],
    params: z
      .object({
        repair: z.string().min(1).max(40),
        roll: ScanCode,
        /** How much, as typed ("1", "0,5 m"); omitted, the whole unit. */
        quantity: z.string().min(1).max(64).optional(),
      })
      .strict(),
    result: z.object({ ids: z.array(z.string()), milli: Milli }),
  },
  'repairs.edit': {
    summary: "correct a device's intake: serial, product, customer, fault, accessories, condition (only the fields given change)",
    access: ['picker'],
    params: z.object({ repair: z.string().min(1).max(40), ...EditFields }).strict(),
    result: Appended,
  },
  'repairs.discrepancy': {
    summary: 'record an inventory discrepancy found on the bench (its own record, for a manager to look at)',
    access: ['picker'],
    params: z
      .object({ item: Text(64), note: Text(400), repair: z.string().min(1).max(40).optional(), location: ScanCode.optional() })
      .strict(),
    result: z.object({ ids: z.array(z.string()), id: DiscrepancyId }),
  },
  'repairs.get': {
    summary: 'a repair with its device, by repair id or device code',
    access: 'anyone',
    params: z.object({ repair: z.string().min(1).max(40) }).strict(),
    result: z.object({ repair: RepairRecord, device: DeviceRecord }),
  },
  'repairs.list': {
    summary: 'repairs, newest first; open ones only unless asked',
    access: 'anyone',
    params: z.object({ open: z.boolean().default(true), limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    result: z.array(z.object({ repair: RepairRecord, device: DeviceRecord })),
  },
  'repairs.discrepancies': {
    summary: 'discrepancies found on the bench, newest first',
    access: 'anyone',
    params: z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    result: z.array(DiscrepancyRecord),
  },
} as const satisfies Record<string, MethodSpec>
