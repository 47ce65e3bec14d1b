import {
  OutpostError,
  Partner,
  Product,
  StockLocation,
  firstIssue,
  type CATALOG_METHODS,
  type OperationDraft,
} from '../../protocol/index.js'
import type { CatalogRecord } from '../catalog/csv-rows.js'
import { importRecords } from '../catalog/import.js'
import type { ImplementationsOf } from './context.js'
import { submit } from './submit.js'

export const CATALOG_METHOD_IMPLEMENTATIONS: ImplementationsOf<typeof CATALOG_METHODS> = {
  'catalog.find': ({ text, limit }, { node }) => node.read.catalog.find(text, limit),
  'catalog.partners': async ({ codes }, { node }) => {
    const found = await Promise.all([...new Set(codes)].map((code) => node.read.catalog.partner(code)))
    return found.filter((p): p is Partner => p !== null)
  },
  'catalog.upsert': async ({ products, locations, partners }, ctx) => {
    const drafts: OperationDraft[] = []
    if (products.length > 0) drafts.push({ type: 'catalog.products.upsert', payload: { products } })
    if (locations.length > 0) drafts.push({ type: 'catalog.locations.upsert', payload: { locations } })
    if (partners.length > 0) drafts.push({ type: 'catalog.partners.upsert', payload: { partners } })
    if (drafts.length === 0) throw new OutpostError('E_INVALID_PARAMS', 'nothing to add: give products, locations or partners')
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
