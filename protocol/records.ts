import { z } from 'zod'
import { Hlc } from './hlc.js'
import { Product, StockLocation } from './catalog.js'
import { PeerRecord, WriterRecord } from './mesh.js'
import { NumberStyle } from './number-style.js'
import { PersonRecord } from './people.js'
import { LocalPrinterStatus } from './printing.js'
import { Removal } from './removal.js'
import { DeviceRecord, RepairRecord } from './repairs.js'
import { HexKey } from './spec.js'
import { RollRecord } from './stock.js'
import { WebhooksStatus } from './webhooks.js'

/** Records of the folded view, as the socket returns them. */

/** One folded operation: the audit trail. `status` says whether its rules let it stand. */
export const AuditEntry = z.object({
  seq: z.number().int().nonnegative(),
  id: z.string(),
  type: z.string(),
  person: z.string(),
  node: HexKey,
  hlc: Hlc,
  status: z.enum(['applied', 'rejected']),
  reason: z.string().optional(),
  /** Where the operation stands in its writer's signed log: block index and place in it. */
  at: z.object({ block: z.number().int().nonnegative(), index: z.number().int().nonnegative() }),
})
export type AuditEntry = z.infer<typeof AuditEntry>

/**
 * How far a node is from holding and folding the site's work, in log blocks (daemon/catch-up.ts):
 * `fetch` blocks its peers hold that it has not fetched; `folded` of `total` folded.
 */
export const CatchUp = z.object({
  fetch: z.number().int().nonnegative(),
  folded: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
})
export type CatchUp = z.infer<typeof CatchUp>

export const Status = z.object({
  /** `removal`: set once this node knows it was removed from the site (see protocol/removal.ts). */
  node: z.object({ key: HexKey, writable: z.boolean(), removal: Removal.nullable() }),
  /** numberStyle: how the site writes numbers, null if it was founded before sites had one. */
  site: z.object({ key: HexKey, name: z.string(), numberStyle: NumberStyle.nullable() }),
  writers: z.array(WriterRecord),
  log: z.object({
    localLength: z.number().int(),
    systemLength: z.number().int(),
    signedLength: z.number().int(),
  }),
  view: z.object({ version: z.number().int(), seq: z.number().int(), hash: z.string() }),
  /** Catch-up after an absence; absent from daemons before it existed. */
  catchUp: CatchUp.optional(),
  peers: z.array(PeerRecord),
  network: z.object({
    /** This node's DHT node (the site bootstrap others can use), host:port; null when offline. */
    address: z.string().nullable(),
    swarmKey: HexKey.nullable(),
    bootstrap: z.array(z.string()),
    pairing: z.boolean(),
  }),
  /** Printers attached to this node; filled in by the print queue. */
  printers: z.array(LocalPrinterStatus),
  /** Set when the fold stopped at an operation this version cannot read (upgrade to continue). */
  halted: z.string().nullable(),
  /** The webhook outbox: which node sends and how far behind (protocol/webhooks.ts); absent before it existed. */
  webhooks: WebhooksStatus.optional(),
  versions: z.object({ outpost: z.string(), protocol: z.number().int(), node: z.string() }),
  /** The metrics and health endpoints on 127.0.0.1 (see docs/operations.md); null when off. */
  http: z.object({ metrics: z.string(), health: z.string(), ready: z.string() }).nullable().optional(),
})
export type Status = z.infer<typeof Status>

export const ScanResolution = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), code: z.string(), person: PersonRecord }),
  z.object({ kind: z.literal('node'), code: z.string(), writer: WriterRecord }),
  z.object({ kind: z.literal('product'), code: z.string(), product: Product }),
  z.object({ kind: z.literal('location'), code: z.string(), location: StockLocation }),
  z.object({ kind: z.literal('roll'), code: z.string(), roll: RollRecord, product: Product }),
  z.object({ kind: z.literal('device'), code: z.string(), device: DeviceRecord, repair: RepairRecord }),
  z.object({ kind: z.literal('unknown'), code: z.string() }),
])
export type ScanResolution = z.infer<typeof ScanResolution>
