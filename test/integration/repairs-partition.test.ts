import { afterEach, describe, expect, it } from 'vitest'
import { signedIn, startDaemonProcess } from '../helpers/daemon-process.js'
import { MeshSite, sameView, type SiteNode } from '../helpers/mesh-site.js'

let site: MeshSite
afterEach(() => site.close())

/** What a node says of the two repairs and of the conflicts: must read the same on every node. */
async function verdict(node: SiteNode, repairs: string[]) {
  const client = await signedIn(node.daemon, 'admin', site.adminSecret)
  try {
    const got = []
    for (const repair of repairs) got.push(await client.call('repairs.get', { repair }))
    const conflicts = await client.call('conflicts.list', { open: false })
    const verify = await client.call('system.verify')
    return { repairs: got, conflicts, verified: verify.consistent }
  } finally {
    client.close()
  }
}

describe('repairs: two benches apart that both close the same repair', () => {
  it(
    'after they meet: closed the same way, it stands once with the repeat kept and no conflict; closed two ways, one close stands and the other is a conflict, the same on both nodes',
    { timeout: 150_000 },
    async () => {
      site = new MeshSite()
      const a = await site.found('bench-a')
      const b = await site.pairDirect(a, 'bench-b')
      await site.until((s) => sameView(s) && s.every((x) => x.node.writable), 'bench-b writable')

      const admin = await signedIn(a.daemon, 'admin', site.adminSecret)
      const taken = []
      for (const serial of ['SN-SAME', 'SN-SPLIT']) {
        const intake = { serial, product: 'Handheld scanner', fault: 'no power', condition: 'worn', printer: null }
        const { repair } = await admin.call('repairs.intake', intake)
        if (serial === 'SN-SAME')
          for (const to of ['diagnosing', 'repairing', 'ready'] as const) await admin.call('repairs.move', { repair, to })
        else {
          // back from its supplier: from there it may be returned or scrapped
          await admin.call('repairs.move', { repair, to: 'diagnosing' })
          await admin.call('repairs.move', { repair, to: 'rma', rma: 'RMA-2026-114' })
          await admin.call('repairs.move', { repair, to: 'rma-back' })
        }
        taken.push(repair)
      }
      admin.close()
      const [same, split] = taken as [string, string]
      await site.until((s) => sameView(s), 'both benches to have both repairs')

      // apart: each bench alone; both hand SN-SAME back; SN-SPLIT is returned on A and scrapped on B
      for (const n of [a, b]) await n.daemon.stop()
      for (const [n, splitTo] of [
        [a, 'returned'],
        [b, 'scrapped'],
      ] as const) {
        n.daemon = await startDaemonProcess(n.dir, { args: ['--no-network'] })
        const tech = await signedIn(n.daemon, 'admin', site.adminSecret)
        expect(await tech.call('repairs.move', { repair: same, to: 'returned' })).toMatchObject({ state: 'returned' })
        expect(await tech.call('repairs.move', { repair: split, to: splitTo })).toMatchObject({ state: splitTo })
        tech.close()
        await n.daemon.stop()
      }

      // they meet again
      for (const n of [a, b]) n.daemon = await startDaemonProcess(n.dir, { args: n.args })
      await site.until((s) => sameView(s) && s.every((x) => x.peers.some((p) => p.online)), 'the two benches to converge')

      const onA = await verdict(a, taken)
      const onB = await verdict(b, taken)
      expect(onB).toEqual(onA)
      expect(onA.verified).toBe(true)
      const [sameNow, splitNow] = onA.repairs
      // the same close twice: returned, both closes kept, the later marked as a repeat; no conflict names it
      expect(sameNow!.repair.state).toBe('returned')
      const closes = sameNow!.repair.steps.filter((s) => s.to === 'returned')
      expect(closes.map((s) => s.again ?? false)).toEqual([false, true])
      expect(onA.conflicts.filter((c) => c.op.type === 'repairs.move' && c.reason.includes(same))).toEqual([])
      // two different closes: whichever the site's order put first stands; the other is a conflict to look at
      expect(['returned', 'scrapped']).toContain(splitNow!.repair.state)
      expect(splitNow!.repair.rma).toEqual({ number: 'RMA-2026-114', supplier: null })
      const flagged = onA.conflicts.filter((c) => c.kind === 'rejected' && c.reason.includes(split))
      expect(flagged).toHaveLength(1)
      expect(flagged[0]!.reason).toMatch(new RegExp(`^repair ${split} is (returned|scrapped) now, not rma-back$`))
    },
  )
})
