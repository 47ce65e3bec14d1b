import type {
  CATALOG_OPERATIONS,
  FieldEdit,
  ImportOutcome,
  Operation,
  Partner,
  Product,
  Source,
  StockLocation,
} from '../../protocol/index.js'
import { codeKey, importKey, locationKey, partnerKey, productKey } from '../view/keys.js'
import type { CodeEntry } from '../view/catalog-reader.js'
import type { ViewWriter } from '../view/view-writer.js'
import { reject, type Handler, type HandlersOf } from './context.js'
import { WHOLE, mergeRecord } from './field-merge.js'

/** Why `owner` may not hold `code`, or null: a code printed on a label names one thing only. */
async function codeTaken(view: ViewWriter, code: string, owner: CodeEntry): Promise<string | null> {
  const held = await view.get<CodeEntry>(codeKey(code))
  if (held !== null && (held.kind !== owner.kind || held.key !== owner.key)) return `code ${code} is already the ${held.kind} ${held.key}`
  return null
}

/**
 * Claim `code` for `owner`, or refuse. A code this same thing holds already is fine (a re-import).
 */
export async function claimCode(view: ViewWriter, code: string, owner: CodeEntry, what: string): Promise<void> {
  const taken = await codeTaken(view, code, owner)
  if (taken !== null) reject(`${what}: ${taken}`)
  await claimAll(view, [code], owner)
}

/**
 * How to judge and write one kind of catalog record. `problem` only reads, so a bulk import can
 * skip a bad record without undoing anything; `write` assumes `problem` found none.
 */
interface CatalogKind<T> {
  name(record: T): string
  /** The record's view key (its history and field stamps are kept under it). */
  key(record: T): string
  /** The scannable codes the record claims. */
  codes(record: T): string[]
  before(view: ViewWriter, record: T): Promise<T | null>
  problem(view: ViewWriter, record: T, before: T | null): Promise<string | null>
  write(view: ViewWriter, record: T, before: T | null): Promise<void>
}

/** The first code of `codes` that `owner` may not hold, as a reason. */
async function firstTaken(view: ViewWriter, codes: string[], owner: CodeEntry): Promise<string | null> {
  for (const code of codes) {
    const taken = await codeTaken(view, code, owner)
    if (taken !== null) return taken
  }
  return null
}

async function claimAll(view: ViewWriter, codes: string[], owner: CodeEntry): Promise<void> {
  for (const code of codes) if ((await view.get(codeKey(code))) === null) await view.put(codeKey(code), owner)
}

/** Give up the codes `before` had and `codes` no longer names (a barcode may repeat the SKU). */
async function dropCodes(view: ViewWriter, before: string[], codes: string[]): Promise<void> {
  for (const old of before) if (!codes.includes(old)) await view.del(codeKey(old))
}

const productCodes = (p: Product): string[] => [p.sku, ...p.barcodes]

const PRODUCTS: CatalogKind<Product> = {
  name: (p) => `product ${p.sku}`,
  key: (p) => productKey(p.sku),
  codes: productCodes,
  before: (view, p) => view.get<Product>(productKey(p.sku)),
  async problem(view, p, before) {
    if (before !== null && before.unit !== p.unit) return `its unit is ${before.unit}; a unit never changes under stock`
    return firstTaken(view, productCodes(p), { kind: 'product', key: p.sku })
  },
  async write(view, p, before) {
    await claimAll(view, productCodes(p), { kind: 'product', key: p.sku })
    if (before !== null) await dropCodes(view, productCodes(before), productCodes(p))
    await view.put(productKey(p.sku), p)
  },
}

const locationCodes = (l: StockLocation): string[] => (l.barcode === null ? [l.code] : [l.code, l.barcode])

const LOCATIONS: CatalogKind<StockLocation> = {
  name: (l) => `location ${l.code}`,
  key: (l) => locationKey(l.code),
  codes: locationCodes,
  before: (view, l) => view.get<StockLocation>(locationKey(l.code)),
  problem: (view, l) => firstTaken(view, locationCodes(l), { kind: 'location', key: l.code }),
  async write(view, l, before) {
    await claimAll(view, locationCodes(l), { kind: 'location', key: l.code })
    if (before !== null) await dropCodes(view, locationCodes(before), locationCodes(l))
    await view.put(locationKey(l.code), l)
  },
}

const PARTNERS: CatalogKind<Partner> = {
  name: (p) => `partner ${p.code}`,
  key: (p) => partnerKey(p.code),
  codes: () => [],
  before: (view, p) => view.get<Partner>(partnerKey(p.code)),
  problem: async () => null,
  write: (view, p) => view.put(partnerKey(p.code), p),
}

const CATALOG_KINDS = { products: PRODUCTS, locations: LOCATIONS, partners: PARTNERS }
type CatalogRecordOf = Product | StockLocation | Partner

/** Whose a record's codes are ("product POP-1") and which they are, for checks outside the fold. */
export function catalogCodes(kind: keyof typeof CATALOG_KINDS, record: CatalogRecordOf): { owner: string; codes: string[] } {
  const of = CATALOG_KINDS[kind] as CatalogKind<CatalogRecordOf>
  return { owner: of.name(record), codes: of.codes(record) }
}

/**
 * An upsert is all or nothing: the first bad record refuses the operation. Each record is merged
 * field by field with what stands (field-merge.ts): a v2 upsert sets the fields its edit names,
 * a v1 upsert (or an edit with none) the whole record; the merged record is what is judged.
 */
async function upsertAll<T extends Record<string, unknown>>(
  view: ViewWriter,
  kind: CatalogKind<T>,
  records: T[],
  op: Operation,
  extra: { edits?: Array<FieldEdit | null> | undefined; source?: Source | undefined },
): Promise<void> {
  for (const [i, record] of records.entries()) {
    const before = await kind.before(view, record)
    const edit = extra.edits?.[i] ?? WHOLE
    const merged = await mergeRecord(view, kind.key(record), before, record, edit, op, extra.source ?? 'terminal', kind.name(record))
    const problem = await kind.problem(view, merged, before)
    if (problem !== null) reject(`${kind.name(record)}: ${problem}`)
    await kind.write(view, merged, before)
  }
}

export const productsUpsert: Handler<'catalog.products.upsert'> = ({ view, op }) =>
  upsertAll(view, PRODUCTS, op.payload.products, op, op.payload)
export const locationsUpsert: Handler<'catalog.locations.upsert'> = ({ view, op }) =>
  upsertAll(view, LOCATIONS, op.payload.locations, op, op.payload)
export const partnersUpsert: Handler<'catalog.partners.upsert'> = ({ view, op }) =>
  upsertAll(view, PARTNERS, op.payload.partners, op, op.payload)

/**
 * A bulk import judges each row on its own: a bad row is skipped with its reason and the good
 * rows land. The outcome is kept in the view under the operation's id, so the importing node
 * reads its report from the fold (the authority) and every node can see what became of a file.
 */
export const catalogImport: Handler<'catalog.import'> = async ({ view, op }) => {
  const outcome: ImportOutcome = { added: 0, updated: 0, refused: [] }
  const judge = async <T extends Record<string, unknown>>(
    kind: CatalogKind<T>,
    rows: Array<{ line: number; record: T }>,
  ): Promise<void> => {
    for (const { line, record } of rows) {
      const before = await kind.before(view, record)
      const problem = await kind.problem(view, record, before)
      if (problem !== null) {
        outcome.refused.push({ line, reason: problem })
        continue
      }
      // an import row is the whole record, as the file has it
      await kind.write(view, await mergeRecord(view, kind.key(record), before, record, WHOLE, op, 'terminal', kind.name(record)), before)
      if (before === null) outcome.added++
      else outcome.updated++
    }
  }
  await judge(CATALOG_KINDS[op.payload.kind] as CatalogKind<CatalogRecordOf>, op.payload.rows)
  await view.put(importKey(op.id), outcome)
}

export const CATALOG_HANDLERS: HandlersOf<typeof CATALOG_OPERATIONS> = {
  'catalog.products.upsert': productsUpsert,
  'catalog.locations.upsert': locationsUpsert,
  'catalog.partners.upsert': partnersUpsert,
  'catalog.import': catalogImport,
}
