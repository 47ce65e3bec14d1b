import { afterEach, describe, expect, it, vi } from 'vitest'
import { jsonBytes, type CatalogImportPayload, type Envelope, type Product } from '../../protocol/index.js'
import type { OutpostNode } from '../../daemon/node.js'
import { OPERATION_MAX_BYTES, importRecords } from '../../daemon/catalog/import.js'
import { verifyView } from '../../daemon/verify.js'
import { InProcessSite } from '../helpers/in-process-site.js'

let site: InProcessSite
afterEach(async () => {
  await site.close()
})

const product = (sku: string, barcodes: string[], unit: Product['unit'] = 'm'): Product => ({
  sku,
  name: `Product ${sku}`,
  unit,
  barcodes,
  attributes: {},
})
const rows = (...products: Product[]) => products.map((record, i) => ({ line: i + 2, record }))
const owner = async (node: OutpostNode, code: string) => (await node.read.catalog.code(code))?.key ?? null

describe('catalog.import in the fold: each row judged on its own', () => {
  it('a bad row is skipped with its line and reason, the good rows land, and the re-fold agrees', async () => {
    site = await InProcessSite.create(1)
    const [node] = site.nodes as [OutpostNode]
    await importRecords(node, 'products', 'first.csv', rows(product('KET-1', [], 'kg'), product('POP-9', [])), 'admin')
    const report = await importRecords(
      node,
      'products',
      'second.csv',
      rows(
        product('POP-1', ['8690000000011']),
        product('KET-1', [], 'm'), // its unit would change under stock
        product('SAT-1', ['POP-9']), // the code is another product's SKU
        product('SAT-2', ['8690000000029']),
      ),
      'admin',
    )
    expect(report).toEqual({
      added: 2,
      updated: 0,
      bad: [
        { line: 3, reason: 'its unit is kg; a unit never changes under stock' },
        { line: 4, reason: 'code POP-9 is already the product POP-9' },
      ],
    })
    expect(await owner(node, '8690000000029')).toBe('SAT-2')
    expect(await node.read.catalog.product('SAT-1')).toBeNull()
    expect((await node.read.catalog.product('KET-1'))?.unit).toBe('kg')
    // one operation for the four rows, applied (not refused for its two bad rows)
    const audit = await node.read.system.audit({ limit: 10, type: 'catalog.import' })
    expect(audit.map((entry) => entry.status)).toEqual(['applied', 'applied'])
    expect((await verifyView(node)).consistent).toBe(true)
  })

  it('a barcode that repeats the SKU, dropped on a re-import: the SKU still names the product', async () => {
    site = await InProcessSite.create(1)
    const [node] = site.nodes as [OutpostNode]
    await importRecords(node, 'products', 'a.csv', rows(product('4005', ['4005', '8690000000042'])), 'admin')
    const again = await importRecords(node, 'products', 'b.csv', rows(product('4005', [])), 'admin')
    expect(again).toEqual({ added: 0, updated: 1, bad: [] })
    expect(await owner(node, '4005')).toBe('4005')
    expect(await owner(node, '8690000000042')).toBeNull()
  })

  it('only a manager imports: anyone else is told so once, and nothing is appended', async () => {
    site = await InProcessSite.create(1)
    const [node] = site.nodes as [OutpostNode]
    const report = await importRecords(node, 'products', 'a.csv', rows(product('POP-1', [])), 'nobody')
    expect(report.bad).toEqual([{ line: 0, reason: 'nobody is not an active manager: only a manager imports the catalog' }])
    expect(await node.read.system.audit({ limit: 10, type: 'catalog.import' })).toEqual([])
  })

  it('two nodes import the same barcode for two products while apart: after they meet, one row stands and the other is refused, the same on both', async () => {
    site = await InProcessSite.create(2)
    const [a, b] = site.nodes as [OutpostNode, OutpostNode]
    await importRecords(a, 'products', 'a.csv', rows(product('POP-A', ['8690000000011']), product('ONLY-A', [])), 'admin')
    await importRecords(b, 'products', 'b.csv', rows(product('POP-B', ['8690000000011']), product('ONLY-B', [])), 'admin')
    site.connectAll()
    await site.until(async () => new Set(await site.hashes()).size === 1 && new Set(await site.folded()).size === 1, 'the same view')
    const winner = await owner(a, '8690000000011')
    expect(['POP-A', 'POP-B']).toContain(winner)
    expect(await owner(b, '8690000000011')).toBe(winner)
    for (const node of site.nodes) {
      // the rows without a clash landed from both files
      expect(await owner(node, 'ONLY-A')).toBe('ONLY-A')
      expect(await owner(node, 'ONLY-B')).toBe('ONLY-B')
      // the loser's import outcome, as the fold kept it, names the row and why
      const outcomes = await Promise.all(
        (await node.read.system.audit({ limit: 10, type: 'catalog.import' })).map((entry) => node.read.catalog.importOutcome(entry.id)),
      )
      const refused = outcomes.flatMap((outcome) => outcome?.refused ?? [])
      expect(refused).toEqual([{ line: 2, reason: `code 8690000000011 is already the product ${winner}` }])
      expect((await verifyView(node)).consistent).toBe(true)
    }
  })

  it("under the memory bound an import is cut by the view writes its rows make: no block over the node's groupWrites, every row lands", async () => {
    site = await InProcessSite.create(1)
    const [node] = site.nodes as [OutpostNode]
    expect(node.groupWrites).toBe(6144)
    const barcoded = (i: number): Product =>
      product(
        `B-${i}`,
        Array.from({ length: 5 }, (_, b) => `868${String(i * 10 + b).padStart(10, '0')}`),
      )
    // what the estimate stands on, measured by the dry run: a row makes 3 writes and one per code (its SKU, 5 barcodes)
    const two = [0, 1].map((k) => ({
      type: 'catalog.import',
      payload: {
        kind: 'products',
        source: 'probe.csv',
        rows: rows(...Array.from({ length: 400 }, (_, i) => barcoded(900_000 + k * 400 + i))),
      },
    }))
    await expect(node.submit(two, 'admin')).rejects.toThrow(/^these 2 operations make 7,20\d view writes as one group/)
    const appended: Envelope[][] = []
    const append = node.append.bind(node)
    vi.spyOn(node, 'append').mockImplementation((ops) => (appended.push(ops), append(ops)))
    const report = await importRecords(
      node,
      'products',
      'barcoded.csv',
      rows(...Array.from({ length: 3000 }, (_, i) => barcoded(i))),
      'admin',
    )
    expect(report).toEqual({ added: 3000, updated: 0, bad: [] })
    for (const block of appended) {
      expect(block).toHaveLength(1)
      expect((block[0]!.payload as CatalogImportPayload).rows.length * 9).toBeLessThanOrEqual(6144)
    }
    // 9 writes a row: 682 rows an operation, so each 1,000-row operation of before is two
    expect(appended).toHaveLength(6)
    expect(await owner(node, '8680000029994')).toBe('B-2999')
  })

  it('an import is cut into operations by their bytes: 600 rows of 10 barcodes and 20 attributes (2 KB each) land, a row too large for any operation is refused alone', async () => {
    site = await InProcessSite.create(1)
    const [node] = site.nodes as [OutpostNode]
    const wide = (i: number): Product => ({
      sku: `W-${i}`,
      name: `Poplin ${'ğ'.repeat(60)} ${i}`,
      unit: 'm',
      barcodes: Array.from({ length: 10 }, (_, b) => `869${String(i * 10 + b).padStart(10, '0')}`),
      attributes: Object.fromEntries(Array.from({ length: 20 }, (_, a) => [`attribute-${a}`, `${'ş'.repeat(30)} ${i}`])),
    })
    const products = Array.from({ length: 600 }, (_, i) => wide(i))
    // a row of 6,000 attribute columns: about 300 KB, over an operation's 256 KB
    products.splice(300, 0, {
      ...wide(9999),
      attributes: Object.fromEntries(Array.from({ length: 6000 }, (_, a) => [`a${a}`, 'x'.repeat(40)])),
    })
    const appended: Envelope[][] = []
    const append = node.append.bind(node)
    vi.spyOn(node, 'append').mockImplementation((ops) => (appended.push(ops), append(ops)))
    const report = await importRecords(node, 'products', 'wide.csv', rows(...products), 'admin')
    expect(report).toEqual({
      added: 600,
      updated: 0,
      bad: [{ line: 302, reason: expect.stringMatching(/^the row is \d{3} KB as JSON; a row may be at most 256 KB$/) }],
    })
    for (const block of appended) {
      expect(block.length).toBeLessThanOrEqual(5)
      expect(jsonBytes(block)).toBeLessThan(1.1 * 1024 * 1024)
      for (const op of block) expect(jsonBytes((op.payload as CatalogImportPayload).rows)).toBeLessThanOrEqual(OPERATION_MAX_BYTES)
    }
    expect(appended.flat().length).toBeGreaterThanOrEqual(5) // 1.2 MB of rows, 256 KB an operation
    expect(await owner(node, '8690000005999')).toBe('W-599')
  })
})
