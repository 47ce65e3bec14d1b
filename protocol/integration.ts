import { z } from 'zod'
import { LocationCode, LotCode, Partner, Product, Sku } from './catalog.js'
import { OrderId } from './orders.js'
import { ScanCode } from './printing.js'
import { type MethodSpec } from './spec.js'

/**
 * The ERP/CRM side of the integration (docs/integration.md): what its inbound webhooks carry,
 * and what it reads to reconcile (balances, availability; the events are `events.list`).
 */

const Attribute = z.string().trim().min(1).max(40)

/** Inbound bodies follow Standard Webhooks' shape: { type, timestamp, data }. */
export const INBOUND_TYPES = ['customer.created', 'customer.updated', 'deal.won', 'product.updated'] as const
export type InboundType = (typeof INBOUND_TYPES)[number]

export const InboundCustomer = z.object({
  code: Partner.shape.code,
  name: Partner.shape.name,
  kind: z.enum(['customer', 'both']).default('customer'),
})
export const InboundDeal = z.object({
  /** The order's id here: the deal's number in the CRM. */
  id: OrderId,
  customer: z.string().max(32).nullable().default(null),
  lines: z
    .array(
      z
        .object({
          product: ScanCode.optional(),
          quality: Attribute.optional(),
          color: Attribute.optional(),
          /** In the product's unit, a JSON number (12.5): no number style to guess. */
          quantity: z.number().positive().max(1e9),
        })
        .strict(),
    )
    .min(1)
    .max(100),
})
export const InboundProduct = Product.extend({
  barcodes: Product.shape.barcodes.default([]),
  attributes: Product.shape.attributes.default({}),
})

export const INBOUND_DATA = {
  'customer.created': InboundCustomer,
  'customer.updated': InboundCustomer,
  'deal.won': InboundDeal,
  'product.updated': InboundProduct,
} as const satisfies Record<InboundType, z.ZodType>

export const InboundEnvelope = z.object({
  type: z.string().min(1).max(64),
  timestamp: z.string().max(64).optional(),
  data: z.unknown(),
})

export const Availability = z.enum(['available', 'low', 'out'])
export type Availability = z.infer<typeof Availability>

export const AvailabilityAnswer = z.object({
  quality: z.string().nullable(),
  color: z.string().nullable(),
  sku: Sku.nullable(),
  state: Availability,
  /** Exact free quantity (thousandths of the unit): only where the config says `exact`. */
  milli: z.number().int().optional(),
})
export type AvailabilityAnswer = z.infer<typeof AvailabilityAnswer>

export const BalanceLine = z.object({
  sku: Sku,
  location: LocationCode,
  lot: LotCode,
  /** On hand and held for orders, thousandths of the product's unit. */
  milli: z.number().int(),
  reserved: z.number().int(),
})

export const INTEGRATION_METHODS = {
  'integration.balances': {
    summary: 'stock balances (per product, location and lot) for the ERP to reconcile; with the event count they match',
    access: ['manager', 'integration'],
    params: z.object({ sku: Sku.optional() }).strict(),
    result: z.object({ events: z.number().int(), balances: z.array(BalanceLine) }),
  },
  'integration.availability': {
    summary: 'available / low / out for a product or a quality and colour, by the thresholds in config (what the CRM is shown)',
    access: ['manager', 'integration'],
    params: z
      .object({ sku: Sku.optional(), quality: Attribute.optional(), color: Attribute.optional() })
      .strict()
      .refine((p) => p.sku !== undefined || (p.quality !== undefined && p.color !== undefined), 'give a sku, or a quality and a colour'),
    result: AvailabilityAnswer,
  },
} as const satisfies Record<string, MethodSpec>
