import { afterEach, describe, expect, it } from 'vitest'
import type { OutpostNode } from '../../daemon/node.js'
import { DOCUMENTS } from '../printers/documents.js'
import { InProcessSite } from '../helpers/in-process-site.js'

let site: InProcessSite
afterEach(async () => {
  await site.close()
})

const announce = (node: OutpostNode, id: string) =>
  node.append(
    node.stamp(
      [{ type: 'printing.announce', payload: { id, name: `printer of ${node.nodeKey.slice(0, 6)}`, profile: 'escpos-80-tr' } }],
      '@system',
    ),
  )
const queue = async (node: OutpostNode, printer: string) =>
  (
    await node.append(
      node.stamp([{ type: 'printing.queue', payload: { printer, document: DOCUMENTS['roll-label'], copyOf: null } }], 'admin'),
    )
  )[0]!
const printed = (node: OutpostNode, job: string) =>
  node.append(node.stamp([{ type: 'printing.printed', payload: { job, copy: false } }], '@system'))
const converged = async () => new Set(await site.hashes()).size === 1 && new Set(await site.folded()).size === 1

describe('print operations in the fold, across nodes', () => {
  it('two nodes announce the same printer id while apart: after they meet one owns it, the other is rejected with the reason', async () => {
    site = await InProcessSite.create(2)
    const [a, b] = site.nodes as [OutpostNode, OutpostNode]
    await announce(a, 'bench')
    await announce(b, 'bench')
    site.connectAll()
    await site.until(converged, 'the same view')
    const owners = await Promise.all(site.nodes.map(async (n) => (await n.read.printing.printer('bench'))?.node))
    expect(owners[0]).toBe(owners[1])
    const rejected = (await a.read.system.audit({ limit: 50, type: 'printing.announce' })).filter((e) => e.status === 'rejected')
    expect(rejected).toHaveLength(1)
    expect(rejected[0]!.reason).toMatch(/printer bench hangs on node n\d: give this one another id/)
  })

  it('only the printer’s node records a print; a cancel that meets a print leaves the job printed on both nodes', async () => {
    site = await InProcessSite.create(2)
    const [a, b] = site.nodes as [OutpostNode, OutpostNode]
    await announce(a, 'bench')
    site.connectAll()
    await site.until(async () => (await b.read.printing.printer('bench')) !== null, 'B to know the printer')
    const job = await queue(b, 'bench')
    await site.until(async () => (await a.read.printing.printJob(job)) !== null, 'A to have the job')
    site.disconnectAll()
    // apart: A prints it, B cancels it
    await printed(a, job)
    await b.append(b.stamp([{ type: 'printing.cancel', payload: { job } }], 'admin'))
    // B cannot claim a print on A's printer
    await printed(b, job)
    site.connectAll()
    await site.until(converged, 'the same view')
    for (const node of site.nodes) expect(await node.read.printing.printJob(job)).toMatchObject({ state: 'printed', prints: 1 })
    const bPrinted = (await a.read.system.audit({ limit: 50, type: 'printing.printed' })).filter((e) => e.node === b.nodeKey)
    expect(bPrinted).toMatchObject([{ status: 'rejected', reason: 'only the node printer bench hangs on records its prints' }])
    expect(await a.read.printing.printQueue('bench', 10)).toEqual([])
  })
})
