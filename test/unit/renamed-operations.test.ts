import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../daemon/logger.js'
import { OutpostNode } from '../../daemon/node.js'
import { foundSite } from '../../daemon/site.js'
import { verifyView } from '../../daemon/verify.js'
import { OPERATIONS, OPERATION_ALIASES, canonicalOperationType, type Envelope } from '../../protocol/index.js'

let dir: string | undefined
let node: OutpostNode | undefined
afterEach(async () => {
  await node?.close()
  node = undefined
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

/** An operation as a build before protocol v2 wrote it: the old type, appended raw, never through stamp. */
function oldOp(type: string, payload: unknown): Envelope {
  const [stamped] = node!.stamp([{ type: 'notes.post', payload: { text: 'x' } }], 'admin')
  return { ...stamped!, type, payload }
}

describe('operations renamed in protocol v2 (protocol/VERSIONS.md)', () => {
  it('maps every old name to a current type, and no current type to another', () => {
    for (const [old, renamed] of Object.entries(OPERATION_ALIASES)) {
      expect(Object.hasOwn(OPERATIONS, renamed), `${old} -> ${renamed}`).toBe(true)
      expect(Object.hasOwn(OPERATIONS, old), `${old} is still a type`).toBe(false)
    }
    expect(canonicalOperationType('stock.pick')).toBe('picking.scan')
    expect(canonicalOperationType('picking.scan')).toBe('picking.scan')
  })

  it('folds a log written under the old names, keeps those names in the view, and re-folds to the same view', async () => {
    const at = await mkdtemp(join(tmpdir(), 'op-renamed-'))
    dir = at
    node = new OutpostNode({ storageDir: join(at, 'store'), site: null, logger: createLogger('silent') })
    await node.open()
    await foundSite(node, { name: 'Depot', adminSecret: 'TEST-0000' })
    const ops = [
      oldOp('note.post', { text: 'written before the rename' }),
      oldOp('catalog.products.upsert', { products: [{ sku: 'POP', name: 'Poplin', unit: 'm', barcodes: [], attributes: {} }] }),
      oldOp('catalog.locations.upsert', { locations: [{ code: 'A-01', barcode: null, rack: 'A', bin: '01' }] }),
      oldOp('stock.receive', { sku: 'POP', lot: 'L1', location: 'A-01', supplier: null, rolls: [{ code: 'R-1', milli: 3000 }] }),
      oldOp('order.create', { id: 'SO-1', customer: null, lines: [{ sku: 'POP', quality: null, color: null, milli: 3000 }] }),
      oldOp('stock.reserve', { order: 'SO-1', line: 0, rolls: ['R-1'] }),
      oldOp('stock.pick', { order: 'SO-1', roll: 'R-1', location: 'A-01' }),
      // picked already: rejected by the fold, and listed under Conflicts with the type the log holds
      oldOp('stock.pick', { order: 'SO-1', roll: 'R-1', location: 'A-01' }),
    ]
    await node.base.append({ block: 1, ops })
    await node.base.update()

    expect((await node.read.notes.notes({ archived: false, limit: 10 })).map((n) => n.text)).toEqual(['written before the rename'])
    expect((await node.read.orders.order('SO-1'))?.picked).toEqual(['R-1'])
    const audit = await node.read.system.audit({ limit: 20 })
    expect(audit.filter((e) => e.status === 'rejected').map((e) => [e.type, e.reason])).toEqual([
      ['stock.pick', 'roll R-1 was picked already, for order SO-1'],
    ])
    const conflicts = await node.read.conflicts.conflicts(true, 10)
    expect(conflicts.map((c) => c.op.type)).toEqual(['stock.pick'])
    // the audit trail finds an old-named operation by its new name
    expect((await node.read.system.audit({ limit: 20, type: 'picking.scan' })).map((e) => e.type)).toEqual(['stock.pick', 'stock.pick'])

    // a client that still submits an old name gets it written under the new one
    const [renamed] = node.stamp([{ type: 'note.post', payload: { text: 'after' } }], 'admin')
    expect(renamed!.type).toBe('notes.post')

    expect((await verifyView(node)).consistent).toBe(true)
  })
})
