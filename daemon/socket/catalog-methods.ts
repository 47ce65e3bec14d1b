import {
  OutpostError,
  Partner,
  Product,
  StockLocation,
  firstIssue,
  type CATALOG_METHODS,
  type FieldEdit,
  type OperationDraft,
} from '../../protocol/index.js'
import type { CatalogRecord } from '../catalog/csv-rows.js'
import { importRecords } from '../catalog/import.js'
import type { OutpostNode } from '../node.js'
import { locationKey, partnerKey, productKey } from '../view/keys.js'
import type { ImplementationsOf } from './context.js'
import { editOf } from './field-edits.js'
import { submit } from './submit.js'

export const CATALOG_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof CATALOG_METHODS> = {
  'catalog.find': ({ text, limit }, { node }) => node.read.catalog.find(text, limit),
  'catalog.partners': async ({ codes, text, limit }, { node }) => {
    const found = await Promise.all([...new Set(codes)].map((code) => node.read.catalog.partner(code)))
    const byCode = found.filter((p): p is Partner => p !== null)
    if (text === undefined) return byCode
    // a partner by name or code, as a person types it on the order form ("atlas", "cus-atl")
    const named = await node.read.catalog.findPartners(text, limit)
    return [...byCode, ...named.filter((p) => !byCode.some((b) => b.code === p.code))]
  },
  'catalog.upsert': async ({ products, locations, partners }, ctx) => {
    if (products.length + locations.length + partners.length === 0) {
      throw new OutpostError('E_INVALID_PARAMS', 'nothing to add: give products, locations or partners')
    }
    const drafts: OperationDraft[] = []
    const groups = [
      ['catalog.products.upsert', 'products', products.map((p) => [productKey(p.sku), p] as const)],
      ['catalog.locations.upsert', 'locations', locations.map((l) => [locationKey(l.code), l] as const)],
      ['catalog.partners.upsert', 'partners', partners.map((p) => [partnerKey(p.code), p] as const)],
    ] as const
    for (const [type, field, records] of groups) {
      const edited = await edits(ctx.node, records)
      if (edited.records.length > 0)
        drafts.push({ type, payload: { [field]: edited.records, edits: edited.edits, source: ctx.node.source } })
    }
    // every record as it stands already: nothing to append
    if (drafts.length === 0) return { ids: [] }
    return submit(ctx, drafts)
  },
  'catalog.import': async ({ kind, source, rows }, ctx) => {
    const schema = { products: Product, locations: StockLocation, partners: Partner }[kind]
    const bad: Array<{ line: number; reason: string }> = []
    const good: Array<{ line: number; record: CatalogRecord }> = []
    for (const { line, record } of rows) {
      const parsed = schema.safeParse(record)
      if (parsed.success) good.push({ line, record: parsed.data })
      else bad.push({ line, reason: firstIssue(parsed.error) })
    }
    const outcome = await importRecords(ctx.node, kind, source, good, ctx.person!.id)
    return { ...outcome, bad: [...bad, ...outcome.bad].sort((a, b) => a.line - b.line) }
  },
}

/** Each record's edit (field-edits.ts); a record that changes nothing is left out. */
async function edits(
  node: OutpostNode,
  records: ReadonlyArray<readonly [string, Record<string, unknown>]>,
): Promise<{ records: unknown[]; edits: FieldEdit[] }> {
  const out: { records: unknown[]; edits: FieldEdit[] } = { records: [], edits: [] }
  for (const [key, record] of records) {
    const edit = await editOf(node, key, record)
    if (edit === null) continue
    out.records.push(record)
    out.edits.push(edit)
  }
  return out
}
