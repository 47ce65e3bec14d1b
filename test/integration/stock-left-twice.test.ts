import { afterEach, describe, expect, it } from 'vitest'
import { signedIn, startDaemonProcess } from '../helpers/daemon-process.js'
import { MeshSite, sameView, type SiteNode } from '../helpers/mesh-site.js'

let site: MeshSite
afterEach(() => site.close())

/** What a node says of the conflicts, the lot, the orders and the checks: must read the same on every node. */
async function verdict(site: MeshSite, node: SiteNode) {
  const client = await signedIn(node.daemon, 'admin', site.adminSecret)
  try {
    const conflicts = await client.call('conflicts.list', { open: false })
    const open = await client.call('conflicts.list', {})
    const [lot] = (await client.call('stock.balances', { sku: 'POP-NV' })).filter((b) => b.lot === 'L1')
    const check = await client.call('stock.check', {})
    const orders = await client.call('orders.list', {})
    const verified = (await client.call('system.verify')).consistent
    return { conflicts, open, lot, check, orders, verified }
  } finally {
    client.close()
  }
}

/** Each node alone (no network at all) does what `work` says; then both meet again. */
async function apart(site: MeshSite, work: Array<[SiteNode, (client: Awaited<ReturnType<typeof signedIn>>) => Promise<void>]>) {
  for (const [n] of work) await n.daemon.stop()
  for (const [n, todo] of work) {
    n.daemon = await startDaemonProcess(n.dir, { args: ['--no-network'] })
    const client = await signedIn(n.daemon, 'admin', site.adminSecret)
    await todo(client)
    client.close()
    await n.daemon.stop()
  }
  for (const [n] of work) n.daemon = await startDaemonProcess(n.dir, { args: n.args })
}

describe('issue #14: a roll shipped on two nodes while they were apart', () => {
  it(
    'after they meet, the roll is listed as left twice on both nodes and stock.check says the lot no longer matches its rolls; a manager names the order that got it, and both nodes, resolving at once, agree',
    { timeout: 240_000 },
    async () => {
      site = new MeshSite()
      const a = await site.found('alpha')
      const b = await site.pairDirect(a, 'bravo')
      await site.until((s) => sameView(s) && s.every((x) => x.node.writable), 'bravo writable')

      // the finding's lot: 2,521.5 m, a 3 m roll among fifty of 50.37 m
      const admin = await signedIn(a.daemon, 'admin', site.adminSecret)
      await admin.call('catalog.upsert', {
        products: [{ sku: 'POP-NV', name: 'Poplin lacivert', unit: 'm', barcodes: [], attributes: { quality: 'A', color: 'lacivert' } }],
        locations: [{ code: 'A-01-1', barcode: 'LOC-A011', rack: 'A', bin: '01-1' }],
      })
      const receive = (quantity: string, rolls: number) =>
        admin.call('stock.receive', { product: 'POP-NV', lot: 'L1', location: 'A-01-1', quantity, rolls, printer: null })
      const [roll] = (await receive('3', 1)).rolls as [string]
      await receive('50.37', 50)
      for (const id of ['SO-NC1', 'SO-NC2'])
        await admin.call('orders.create', { id, lines: [{ product: 'POP-NV', quantity: '3' }], reserve: false })
      admin.close()
      await site.until((s) => sameView(s), 'both nodes to have the orders')

      const ship = (order: string) => async (client: Awaited<ReturnType<typeof signedIn>>) => {
        await client.call('picking.scan', { order, location: 'LOC-A011', roll })
        expect((await client.call('orders.fulfil', { order })).rolls).toEqual([roll])
      }
      await apart(site, [
        [a, ship('SO-NC1')],
        [b, ship('SO-NC2')],
      ])
      await site.until((s) => sameView(s) && s.every((x) => x.view.seq > 0), 'the two nodes to converge')

      const onA = await verdict(site, a)
      expect(await verdict(site, b)).toEqual(onA)
      expect(onA.verified).toBe(true)
      // the rejected pick, and the roll that left twice: a conflict of its own, with both orders
      expect(onA.open.map((c) => c.kind).sort()).toEqual(['left-twice', 'rejected'])
      const twice = onA.open.find((c) => c.kind === 'left-twice')!
      expect(twice.unit).toMatchObject({ code: roll, sku: 'POP-NV', lot: 'L1', location: 'A-01-1', milli: 3000 })
      expect(twice.unit!.departures.map((d) => d.order).sort()).toEqual(['SO-NC1', 'SO-NC2'])
      // the balance stays positive, and is held against the rolls it counts
      expect(onA.lot).toMatchObject({ milli: 2_515_500 })
      expect(onA.check).toMatchObject({
        consistent: false,
        differences: [],
        units: [{ key: 'POP-NV/A-01-1/L1 on hand', balance: 2_515_500, rolls: 2_518_500 }],
        orders: [{ order: 'SO-NC2', roll, problem: 'shipped it, and so did order SO-NC1' }],
      })

      // two managers, one on each node, decide at once and differently while apart
      const decide = (kept: string) => async (client: Awaited<ReturnType<typeof signedIn>>) => {
        await client.call('conflicts.resolve', { conflict: twice.id, note: `${kept} has it`, kept })
        const check = await client.call('stock.check', {})
        expect(check, 'each node alone is consistent after its own decision').toMatchObject({ consistent: true })
      }
      await apart(site, [
        [a, decide('SO-NC1')],
        [b, decide('SO-NC2')],
      ])
      await site.until((s) => sameView(s), 'the two decisions to meet')

      const after = await verdict(site, a)
      expect(await verdict(site, b)).toEqual(after)
      expect(after.verified).toBe(true)
      // one decision stands, on both nodes; the other is kept as rejected, with its reason
      const settled = after.conflicts.find((c) => c.id === twice.id)!
      const winner = twice.unit!.departures.find((d) => d.op === settled.resolution!.kept)!.order!
      const loser = winner === 'SO-NC1' ? 'SO-NC2' : 'SO-NC1'
      expect(settled.resolution).toMatchObject({ by: 'admin', note: `${winner} has it` })
      const late = after.open.filter((c) => c.op.type === 'conflicts.resolve')
      expect(late).toEqual([expect.objectContaining({ kind: 'rejected', reason: `conflict ${twice.id} was resolved already by admin` })])
      // booked back once: the lot equals its rolls again, the other order no longer lists the roll
      expect(after.lot).toMatchObject({ milli: 2_518_500 })
      expect(after.check).toMatchObject({ consistent: true, units: [], orders: [] })
      const lost = after.orders.find((o) => o.id === loser)!
      expect(lost.fulfilled!.rolls).toEqual([])
      expect(lost.shorts).toEqual([
        expect.objectContaining({ line: 0, roll, reason: expect.stringContaining(`left with order ${winner}`) }),
      ])
      expect(after.orders.find((o) => o.id === winner)!.fulfilled!.rolls.map((r) => r.code)).toEqual([roll])
    },
  )
})
