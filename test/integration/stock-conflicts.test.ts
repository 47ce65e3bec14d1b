import { afterEach, describe, expect, it } from 'vitest'
import type { ConflictRecord } from '../../protocol/index.js'
import { signedIn, startDaemonProcess } from '../helpers/daemon-process.js'
import { MeshSite, sameView, type SiteNode } from '../helpers/mesh-site.js'

let site: MeshSite
afterEach(() => site.close())

/** What a node says of the conflicts, the roll and its balance: must read the same on every node. */
async function verdict(site: MeshSite, node: SiteNode, roll: string) {
  const client = await signedIn(node.daemon, 'admin', site.adminSecret)
  try {
    const conflicts = await client.call('conflicts.list', { open: false })
    const balances = await client.call('stock.balances', { sku: 'POP-NV' })
    const rollNow = await client.call('stock.lookup', { code: roll })
    const check = await client.call('stock.check', {})
    const orders = await client.call('orders.list', {})
    // a re-fold from scratch reaches the same view: rejected handlers left nothing behind
    const verify = await client.call('system.verify')
    return { conflicts, balances, roll: rollNow.roll, check, orders, verified: verify.consistent }
  } finally {
    client.close()
  }
}

describe('conflicts: the same roll picked on two nodes while they were apart', () => {
  it(
    'after they meet, one pick stands and the other is rejected with its reason, the same on both; the balance goes negative and is flagged, never clamped',
    { timeout: 120_000 },
    async () => {
      site = new MeshSite()
      const a = await site.found('alpha')
      const b = await site.pairDirect(a, 'bravo')
      await site.until((s) => sameView(s) && s.every((x) => x.node.writable), 'bravo writable')

      const admin = await signedIn(a.daemon, 'admin', site.adminSecret)
      await admin.call('catalog.upsert', {
        products: [{ sku: 'POP-NV', name: 'Poplin lacivert', unit: 'm', barcodes: [], attributes: { quality: 'A', color: 'lacivert' } }],
        locations: [{ code: 'A-01-1', barcode: 'LOC-A011', rack: 'A', bin: '01-1' }],
      })
      const [roll] = (
        await admin.call('stock.receive', { product: 'POP-NV', lot: 'L1', location: 'A-01-1', quantity: '50', printer: null })
      ).rolls as [string]
      // two orders for the same 50 m, nothing held: both pickers will go for the one roll
      for (const id of ['SO-A', 'SO-B'])
        await admin.call('orders.create', { id, lines: [{ product: 'POP-NV', quantity: '50' }], reserve: false })
      admin.close()
      await site.until((s) => sameView(s), 'both nodes to have the orders')

      // apart: each node alone, no network at all; each picks the roll and ships its order
      for (const n of [a, b]) await n.daemon.stop()
      for (const [n, order] of [
        [a, 'SO-A'],
        [b, 'SO-B'],
      ] as const) {
        n.daemon = await startDaemonProcess(n.dir, { args: ['--no-network'] })
        const picker = await signedIn(n.daemon, 'admin', site.adminSecret)
        expect(await picker.call('picking.scan', { order, location: 'LOC-A011', roll })).toMatchObject({ shown: '50 m' })
        expect((await picker.call('orders.fulfil', { order })).rolls).toEqual([roll])
        expect(await picker.call('conflicts.list', {})).toEqual([])
        picker.close()
        await n.daemon.stop()
      }

      // they meet again
      for (const n of [a, b]) n.daemon = await startDaemonProcess(n.dir, { args: n.args })
      await site.until((s) => sameView(s) && s.every((x) => x.view.seq > 0), 'the two nodes to converge')

      const onA = await verdict(site, a, roll)
      const onB = await verdict(site, b, roll)
      expect(onB).toEqual(onA)
      const [rejected, negative, twice] = [
        onA.conflicts.filter((c) => c.kind === 'rejected'),
        onA.conflicts.filter((c) => c.kind === 'negative-balance'),
        onA.conflicts.filter((c) => c.kind === 'left-twice'),
      ]
      // one pick stands, the other is kept as rejected, with the reason
      expect(rejected).toHaveLength(1)
      const winner = onA.roll!.order
      const loser = winner === 'SO-A' ? 'SO-B' : 'SO-A'
      expect(['SO-A', 'SO-B']).toContain(winner)
      expect(rejected[0]).toMatchObject({ op: { type: 'picking.scan' }, resolution: null })
      // the winner's pick, and maybe its shipment too, were folded first (the linearized order decides)
      expect(rejected[0]!.reason).toMatch(new RegExp(`^roll ${roll} (left already, with|was picked already, for) order ${winner}$`))
      // both shipments are facts: the second drives the balance to -50 m, flagged, not clamped
      expect(negative).toEqual([
        expect.objectContaining({
          op: expect.objectContaining({ type: 'orders.fulfil' }),
          balance: { sku: 'POP-NV', location: 'A-01-1', lot: 'L1', milli: -50_000 },
        }),
      ])
      // and the roll is listed as having left twice, with both orders
      expect(twice).toEqual([expect.objectContaining({ unit: expect.objectContaining({ code: roll, milli: 50_000 }), resolution: null })])
      expect(twice[0]!.unit!.departures.map((d) => d.order)).toEqual([winner, loser])
      expect(onA.balances).toEqual([{ sku: 'POP-NV', location: 'A-01-1', lot: 'L1', milli: -50_000, reserved: 0 }])
      // the ledger sums, but the balance no longer equals its rolls (none left on the shelf)
      expect(onA.check).toMatchObject({
        consistent: false,
        differences: [],
        units: [{ key: 'POP-NV/A-01-1/L1 on hand', balance: -50_000, rolls: 0 }],
      })
      expect(onA.verified).toBe(true)
      expect(onA.orders.find((o) => o.id === loser)!.fulfilled!.rolls.map((r) => r.code)).toEqual([roll])

      // the negative balance is the roll's second departure: it takes no correction while the
      // roll is open (settling the roll books it back; both would book it back twice)
      expect(negative[0]!.leftTwice).toEqual([twice[0]!.id])
      const manager = await signedIn(b.daemon, 'admin', site.adminSecret)
      await expect(manager.call('conflicts.resolve', { conflict: negative[0]!.id, note: 'x', correction: '50' })).rejects.toThrow(
        /left twice: settle conflict/,
      )
      // a manager names the order that got the roll: the other one is booked back, and the
      // discrepancy it caused is settled with it; both nodes see them resolved
      await manager.call('conflicts.resolve', { conflict: twice[0]!.id, note: `${winner} has it`, kept: winner })
      await manager.call('conflicts.resolve', { conflict: rejected[0]!.id, note: `${winner} kept the roll`, correction: null })
      await expect(manager.call('conflicts.resolve', { conflict: rejected[0]!.id, note: 'again', correction: null })).rejects.toThrow(
        /was resolved already by admin/,
      )
      await expect(manager.call('conflicts.resolve', { conflict: rejected[0]!.id, note: 'x', correction: '5' })).rejects.toThrow(
        /only a negative balance takes a correction/,
      )
      manager.close()
      await site.until((s) => sameView(s), 'the resolution to reach alpha')
      const after = await verdict(site, a, roll)
      // not .every alone: on an empty list it holds whatever happened
      expect(after.conflicts.length, 'the conflict resolved above is listed').toBeGreaterThan(0)
      expect(after.conflicts.map((c: ConflictRecord) => c.resolution?.by)).toEqual(after.conflicts.map(() => 'admin'))
      expect(after.balances[0]).toMatchObject({ milli: 0 })
      expect(after.check).toMatchObject({ consistent: true })
      const open = await signedIn(a.daemon, 'admin', site.adminSecret)
      expect(await open.call('conflicts.list', {})).toEqual([])
      open.close()
    },
  )
})
