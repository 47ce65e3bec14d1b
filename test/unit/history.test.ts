import { afterEach, describe, expect, it } from 'vitest'
import type { HistoryEntry, OperationDraft, Product, Source } from '../../protocol/index.js'
import type { OutpostNode } from '../../daemon/node.js'
import { editBetween } from '../../daemon/fold/field-merge.js'
import { proposeRollback } from '../../daemon/socket/history-rollback.js'
import { verifyView } from '../../daemon/verify.js'
import { InProcessSite } from '../helpers/in-process-site.js'
import { PIN, product } from './fold/fixture.js'

/**
 * History (an index the fold writes), the field-level merge and rollback, on in-process nodes
 * whose links we cut and mend (the same daemons in separate processes: test/integration/history.test.ts).
 */

let site: InProcessSite | null = null
afterEach(async () => {
  await site?.close()
  site = null
})

const d = (type: string, payload: unknown): OperationDraft => ({ type, payload })
const run = (node: OutpostNode, by: string, ...drafts: OperationDraft[]) => node.append(node.stamp(drafts, by))

/** What `catalog.upsert` appends for a whole record from a client (daemon/socket/catalog-methods.ts). */
async function editProduct(node: OutpostNode, sku: string, change: Partial<Product>, source: Source): Promise<void> {
  const key = `product/${sku}`
  const now = await node.read.history.value<Product>(key)
  const next = { ...now!, ...change }
  const edit = editBetween(now, next, await node.read.history.fieldStamps(key))
  await run(node, 'max', d('catalog.products.upsert', { products: [next], edits: [edit], source }))
}

async function setUp(nodes: number): Promise<InProcessSite> {
  site = await InProcessSite.create(nodes)
  const founder = site.nodes[0]!
  await run(founder, 'admin', d('people.add', { id: 'max', name: 'Max', role: 'manager', pinHash: PIN }))
  await run(founder, 'admin', d('people.add', { id: 'pia', name: 'Pia', role: 'picker', pinHash: PIN }))
  await run(
    founder,
    'max',
    d('catalog.products.upsert', { products: [product('POP', 'm', ['8690000000011'])] }),
    d('catalog.locations.upsert', { locations: [{ code: 'A-01', barcode: null, rack: 'A', bin: '01' }] }),
    d('catalog.partners.upsert', { partners: [{ code: 'CUS', name: 'Customer', kind: 'customer' }] }),
  )
  await converge(site)
  return site
}

async function converge(s: InProcessSite): Promise<void> {
  s.connectAll()
  await s.until(async () => new Set(await s.hashes()).size === 1 && new Set(await s.folded()).size === 1, 'every node to fold the same')
}

const history = async (node: OutpostNode, ref: string): Promise<HistoryEntry[]> =>
  (await node.read.history.entries(ref, { limit: 1000 })).entries.reverse()

describe('field-level merge: a product edited on two nodes apart', () => {
  it('independent fields both stand, on both nodes, with no conflict', async () => {
    const s = await setUp(2)
    s.disconnectAll()
    await editProduct(s.nodes[0]!, 'POP', { name: 'Poplin blue' }, 'terminal')
    await editProduct(s.nodes[1]!, 'POP', { barcodes: ['8690000000011', '8690000000028'] }, 'terminal')
    await converge(s)
    for (const node of s.nodes) {
      expect(await node.read.catalog.product('POP')).toMatchObject({ name: 'Poplin blue', barcodes: ['8690000000011', '8690000000028'] })
      expect((await node.read.catalog.code('8690000000028'))?.key).toBe('POP')
      expect((await node.read.conflicts.conflicts(true, 10)).filter((c) => c.kind === 'field-clash')).toEqual([])
    }
  })

  it('the same field: the office stands over a later terminal edit, the loser kept in history and under Conflicts, the same on both', async () => {
    const s = await setUp(2)
    s.disconnectAll()
    await editProduct(s.nodes[0]!, 'POP', { name: 'Poplin (office)' }, 'office')
    // made later by the clock: the terminal would win on the clock alone
    await editProduct(s.nodes[1]!, 'POP', { name: 'Poplin (terminal)' }, 'terminal')
    await converge(s)
    for (const node of s.nodes) {
      expect((await node.read.catalog.product('POP'))?.name).toBe('Poplin (office)')
      const clashes = (await node.read.conflicts.conflicts(true, 10)).filter((c) => c.kind === 'field-clash')
      expect(clashes).toHaveLength(1)
      expect(clashes[0]!.field).toMatchObject({ record: 'product/POP', name: 'name', kept: { value: 'Poplin (office)' } })
      expect(clashes[0]!.field!.lost.map((l) => l.value)).toEqual(['Poplin (terminal)'])
      expect(clashes[0]!.reason).toContain('source priority (office over terminal)')
      // the losing value is in the product's history, with the edit that made it
      const edits = (await history(node, 'product/POP')).filter((e) => e.fields !== undefined)
      const values = edits.flatMap((e) => e.fields!.map((f) => f.value))
      expect(values).toContain('Poplin (terminal)')
      // and stays on the field beside the value that stands, until an edit that saw both
      expect((await node.read.history.fieldStamps('product/POP'))!.name!.map((st) => st.value)).toEqual([
        'Poplin (office)',
        'Poplin (terminal)',
      ])
    }
    // a later edit that saw both values replaces both
    await editProduct(s.nodes[1]!, 'POP', { name: 'Poplin' }, 'terminal')
    await converge(s)
    for (const node of s.nodes) {
      expect((await node.read.catalog.product('POP'))?.name).toBe('Poplin')
      expect((await node.read.history.fieldStamps('product/POP'))!.name!.map((st) => st.value)).toEqual(['Poplin'])
      expect((await verifyView(node)).consistent).toBe(true)
    }
  })

  it('the same field from the same source: the later clock stands', async () => {
    const s = await setUp(2)
    s.disconnectAll()
    await editProduct(s.nodes[0]!, 'POP', { name: 'Earlier' }, 'terminal')
    await editProduct(s.nodes[1]!, 'POP', { name: 'Later' }, 'terminal')
    await converge(s)
    for (const node of s.nodes) expect((await node.read.catalog.product('POP'))?.name).toBe('Later')
  })
})

describe('history of a record', () => {
  it('a roll across receive, pick, a conflict and its correction: every operation, who, where, and whether it stood', async () => {
    const s = await setUp(2)
    const [a, b] = s.nodes as [OutpostNode, OutpostNode]
    await run(
      a,
      'pia',
      d('stock.receive', { sku: 'POP', lot: 'L1', location: 'A-01', supplier: null, rolls: [{ code: 'R-1', milli: 5000 }] }),
    )
    const line = { sku: 'POP', quality: null, color: null, milli: 5000 }
    await run(
      a,
      'max',
      d('orders.create', { id: 'SO-1', customer: 'CUS', lines: [line] }),
      d('orders.create', { id: 'SO-2', customer: 'CUS', lines: [line] }),
    )
    await converge(s)
    s.disconnectAll()
    // apart, both nodes pick and ship the same roll for two orders
    await run(a, 'pia', d('picking.scan', { order: 'SO-1', roll: 'R-1', location: 'A-01' }))
    await run(a, 'pia', d('orders.fulfil', { order: 'SO-1', rolls: ['R-1'] }))
    await run(b, 'pia', d('picking.scan', { order: 'SO-2', roll: 'R-1', location: 'A-01' }))
    await run(b, 'pia', d('orders.fulfil', { order: 'SO-2', rolls: ['R-1'] }))
    await converge(s)
    const twice = (await a.read.conflicts.conflicts(true, 10)).find((c) => c.kind === 'left-twice')!
    expect(twice).toBeDefined()
    await run(
      a,
      'max',
      d('conflicts.resolve', { conflict: twice.id, note: 'SO-1 got it', correction: null, kept: twice.unit!.departures[0]!.op }),
    )
    await converge(s)
    for (const node of s.nodes) {
      const entries = await history(node, 'roll/R-1')
      const types = entries.map((e) => `${e.type} ${e.status}`)
      expect(types[0]).toBe('stock.receive applied')
      expect(types).toContain('picking.scan applied')
      expect(types).toContain('picking.scan rejected')
      expect(types.filter((t) => t === 'orders.fulfil applied')).toHaveLength(2)
      expect(types.at(-1)).toBe('conflicts.resolve applied')
      const rejected = entries.find((e) => e.status === 'rejected')!
      expect(rejected.reason).toMatch(/R-1/)
      expect(rejected.changed).toBe(false)
      // who and on which node
      expect(new Set(entries.filter((e) => e.type === 'orders.fulfil').map((e) => e.node))).toEqual(new Set([a.nodeKey, b.nodeKey]))
      expect(entries.every((e) => e.person !== '' && e.at > 0)).toBe(true)
      // in fold order, and the same on both nodes
      expect(entries.map((e) => e.seq)).toEqual([...entries.map((e) => e.seq)].sort((x, y) => x - y))
      expect(await node.read.history.resolve('R-1')).toBe('roll/R-1')
      expect(await node.read.history.resolve('SO-2')).toBe('order/SO-2')
    }
    expect(await history(a, 'roll/R-1')).toEqual(await history(b, 'roll/R-1'))
  })
})

describe('rollback by compensating operations', () => {
  async function countApproved(node: OutpostNode): Promise<void> {
    const rolls = [1, 2, 3].map((n) => ({ code: `R-${n}`, milli: 5000 }))
    await run(node, 'pia', d('stock.receive', { sku: 'POP', lot: 'L1', location: 'A-01', supplier: null, rolls }))
    await run(node, 'pia', d('counting.open', { session: 'C-1', location: 'A-01' }))
    await run(node, 'pia', d('counting.scan', { session: 'C-1', codes: ['R-1'] }))
    await run(
      node,
      'max',
      d('counting.approve', {
        session: 'C-1',
        variances: [
          { roll: 'R-2', kind: 'missing' },
          { roll: 'R-3', kind: 'missing' },
        ],
      }),
    )
  }

  it('a count approval is rolled back: rolls back in stock, the count open again, balances right, the log kept', async () => {
    const s = await setUp(1)
    const node = s.nodes[0]!
    await countApproved(node)
    const entries = await history(node, 'count/C-1')
    expect(entries.map((e) => e.type)).toEqual(['counting.open', 'counting.scan', 'counting.approve'])
    const scanned = entries[1]!
    const proposal = await proposeRollback(node.read.history, 'count/C-1', scanned.seq, 'approved by mistake', 'office')
    expect(proposal.undoes.map((e) => e.type)).toEqual(['counting.approve'])
    expect(proposal.changes.map((c) => c.record).sort()).toEqual(['count/C-1', 'roll/R-2', 'roll/R-3'])
    expect(proposal.drafts.map((x) => x.type)).toEqual(['history.restore'])
    await node.check(node.stamp(proposal.drafts, 'max')) // the dry run: the fold would let it stand
    const [restore] = await run(node, 'max', ...proposal.drafts)

    expect((await node.read.counting.count('C-1'))?.state).toBe('open')
    for (const code of ['R-2', 'R-3']) expect(await node.read.stock.roll(code)).toMatchObject({ state: 'in-stock', location: 'A-01' })
    expect(await node.read.stock.check()).toMatchObject({ differences: [], units: [], orders: [] })
    // compensated by new ledger entries that name the rollback; the approval stays in the log
    const ledger = await node.read.stock.recentLedger(100)
    expect(ledger.filter((e) => e.source === restore).map((e) => [e.type, e.roll, e.milli])).toEqual(
      expect.arrayContaining([
        ['MANUAL_CORRECTION', 'R-2', 5000],
        ['MANUAL_CORRECTION', 'R-3', 5000],
      ]),
    )
    const audit = await node.read.system.audit({ limit: 100 })
    expect(audit.filter((e) => e.type === 'counting.approve').map((e) => e.status)).toEqual(['applied'])
    expect((await history(node, 'roll/R-2')).at(-1)).toMatchObject({ type: 'history.restore', status: 'applied', changed: true })
    // the same count approved again after the rollback: it is a count like any other
    await run(node, 'max', d('counting.approve', { session: 'C-1', variances: [{ roll: 'R-2', kind: 'missing' }] }))
    expect(await node.read.stock.roll('R-2')).toMatchObject({ state: 'lost' })
    expect(await node.read.stock.check()).toMatchObject({ differences: [], units: [], orders: [] })
  })

  it('a rollback that meets a later change from another node is refused by the fold and listed under Conflicts, the same on both', async () => {
    const s = await setUp(2)
    const [a, b] = s.nodes as [OutpostNode, OutpostNode]
    await countApproved(a)
    await converge(s)
    s.disconnectAll()
    const scanned = (await history(a, 'count/C-1'))[1]!
    const proposal = await proposeRollback(a.read.history, 'count/C-1', scanned.seq, 'approved by mistake', 'office')
    await run(a, 'max', ...proposal.drafts)
    // apart, node b finds R-2 by a count of its own
    await run(b, 'pia', d('counting.open', { session: 'C-2', location: 'A-01' }))
    await run(b, 'pia', d('counting.scan', { session: 'C-2', codes: ['R-1', 'R-2'] }))
    await run(b, 'max', d('counting.approve', { session: 'C-2', variances: [{ roll: 'R-2', kind: 'found' }] }))
    await converge(s)
    for (const node of s.nodes) {
      const refused = (await node.read.conflicts.conflicts(true, 10)).filter((c) => c.kind === 'rejected')
      expect(refused.map((c) => c.op.type)).toHaveLength(1)
      expect(['history.restore', 'counting.approve']).toContain(refused[0]!.op.type)
      expect(await node.read.stock.check()).toMatchObject({ differences: [], units: [], orders: [] })
      expect(await node.read.stock.roll('R-2')).toMatchObject({ state: 'in-stock' })
    }
  })

  it('the fold refuses a rollback whose records changed after it was proposed (as on a node apart), with the reason', async () => {
    const s = await setUp(1)
    const node = s.nodes[0]!
    await countApproved(node)
    const scanned = (await history(node, 'count/C-1'))[1]!
    const proposal = await proposeRollback(node.read.history, 'count/C-1', scanned.seq, 'approved by mistake', 'office')
    // meanwhile R-2 is found by another count: the proposal was made on the view before it
    await run(node, 'pia', d('counting.open', { session: 'C-2', location: 'A-01' }))
    await run(node, 'pia', d('counting.scan', { session: 'C-2', codes: ['R-2'] }))
    await run(node, 'max', d('counting.approve', { session: 'C-2', variances: [{ roll: 'R-2', kind: 'found' }] }))
    await run(node, 'max', ...proposal.drafts) // appended as a node apart would have, unchecked
    const [last] = await node.read.system.audit({ limit: 1 })
    expect(last).toMatchObject({
      type: 'history.restore',
      status: 'rejected',
      reason: 'roll/R-2 changed since the rollback was proposed: look at its history again',
    })
    const listed = (await node.read.conflicts.conflicts(true, 10)).filter((c) => c.op.type === 'history.restore')
    expect(listed).toHaveLength(1)
    expect((await node.read.counting.count('C-1'))?.state).toBe('approved')
    expect(await node.read.stock.check()).toMatchObject({ differences: [], units: [], orders: [] })
  })

  it('a rollback over a later change it does not undo is refused at the proposal, naming that change', async () => {
    const s = await setUp(1)
    const node = s.nodes[0]!
    await countApproved(node)
    const approve = (await history(node, 'roll/R-2')).at(-1)!
    await run(node, 'pia', d('counting.open', { session: 'C-2', location: 'A-01' }))
    await run(node, 'pia', d('counting.scan', { session: 'C-2', codes: ['R-2'] }))
    await run(node, 'max', d('counting.approve', { session: 'C-2', variances: [{ roll: 'R-2', kind: 'found' }] }))
    const before = (await history(node, 'count/C-1'))[1]!
    expect(approve.type).toBe('counting.approve')
    await expect(proposeRollback(node.read.history, 'count/C-1', before.seq, 'x', 'office')).rejects.toThrow(
      /roll\/R-2 was changed since by counting.approve by max .* roll that back first/,
    )
  })
})
