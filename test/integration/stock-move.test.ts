import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SocketClient } from '../../client/socket-client.js'
import { signedIn, startDaemonProcess } from '../helpers/daemon-process.js'
import { ADMIN_SECRET, startInProcessDaemon } from '../helpers/in-process-daemon.js'
import { MeshSite, sameView, type SiteNode } from '../helpers/mesh-site.js'

type Client = Awaited<ReturnType<typeof signedIn>>

const CATALOG = {
  products: [{ sku: 'POP-NV', name: 'Poplin lacivert', unit: 'm' as const, barcodes: [], attributes: {} }],
  locations: ['A-01', 'B-01', 'C-01'].map((code) => ({ code, barcode: `LOC-${code}`, rack: code[0]!, bin: '01' })),
}

describe('stock.move over the socket', () => {
  let daemon: Awaited<ReturnType<typeof startInProcessDaemon>>
  let client: SocketClient
  let rolls: string[]
  beforeAll(async () => {
    daemon = await startInProcessDaemon()
    client = await daemon.connect()
    await client.call('session.signIn', { person: 'admin', pin: ADMIN_SECRET })
    await client.call('catalog.upsert', CATALOG)
    const received = await client.call('stock.receive', {
      product: 'POP-NV',
      lot: 'L1',
      location: 'A-01',
      quantity: '50',
      rolls: 3,
      printer: null,
    })
    rolls = received.rolls
  })
  afterAll(async () => {
    client.close()
    await daemon.stop()
  })

  it('moves the scanned rolls to the scanned shelf (by its barcode), one operation each', async () => {
    const moved = await client.call('stock.move', { rolls: rolls.slice(0, 2), to: 'LOC-B-01' })
    expect(moved).toMatchObject({ to: 'B-01', moved: rolls.slice(0, 2).map((roll) => ({ roll, from: 'A-01' })) })
    expect(moved.ids).toHaveLength(2)
    const atB = await client.call('stock.rolls', { location: 'B-01' })
    expect(atB.map((r) => r.code).sort()).toEqual(rolls.slice(0, 2).sort())
    const balances = await client.call('stock.balances', { sku: 'POP-NV' })
    expect(balances.map((b) => [b.location, b.milli]).sort()).toEqual([
      ['A-01', 50_000],
      ['B-01', 100_000],
    ])
    expect((await client.call('stock.check', {})).consistent).toBe(true)
  })

  it.each([
    [{ rolls: [], to: 'B-01' }, /rolls/],
    [{ rolls: 'R-1', to: 'B-01' }, /rolls/],
    [{ rolls: ['x'.repeat(200)], to: 'B-01' }, /rolls/],
    [{ rolls: Array.from({ length: 201 }, (_, i) => `R-${i}`), to: 'B-01' }, /rolls/],
    [{ rolls: ['NOPE'], to: 'B-01' }, /NOPE is not a roll of this site/],
    [{ rolls: ['POP-NV'], to: 'B-01' }, /POP-NV is not a roll \(it is a product\)/],
    [{ rolls: ['R'], to: 'NOWHERE' }, /NOWHERE is not a location of this site/],
    [{ rolls: ['R'], to: 'B-01', extra: 1 }, /extra/],
  ])('%j is refused with one line saying why, and nothing moves', async (params, message) => {
    const before = await client.call('stock.ledger', { limit: 1 })
    const error = await client.callRaw('stock.move', params).catch((err: Error) => err)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('\n')
    expect(await client.call('stock.ledger', { limit: 1 })).toEqual(before)
  })

  it('a roll listed twice, or one already on the shelf, is refused whole: none of the list moves', async () => {
    const [, , third] = rolls as [string, string, string]
    const twice = await client.call('stock.move', { rolls: [third, third], to: 'C-01' }).catch((err: Error) => err)
    expect((twice as Error).message).toBe(`roll ${third} is listed twice`)
    const there = await client.call('stock.move', { rolls: [third, rolls[0]!], to: 'B-01' }).catch((err: Error) => err)
    expect((there as Error).message).toContain(`roll ${rolls[0]} is at B-01 already`)
    expect((await client.call('stock.rolls', { location: 'A-01' })).map((r) => r.code)).toEqual([third])
  })
})

describe('the same roll moved on two nodes apart', () => {
  let site: MeshSite
  afterEach(() => site.close())

  async function apart(work: Array<[SiteNode, (client: Client) => Promise<void>]>) {
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

  async function verdict(node: SiteNode) {
    const client = await signedIn(node.daemon, 'admin', site.adminSecret)
    try {
      const rolls = await client.call('stock.rolls', { sku: 'POP-NV' })
      const balances = await client.call('stock.balances', { sku: 'POP-NV' })
      const open = await client.call('conflicts.list', {})
      const check = await client.call('stock.check', {})
      return { rolls, balances, open, consistent: check.consistent, verified: (await client.call('system.verify')).consistent }
    } finally {
      client.close()
    }
  }

  it(
    'both nodes end with the roll on one shelf, its length there once, and the other move under Conflicts with its reason',
    { timeout: 240_000 },
    async () => {
      site = new MeshSite()
      const a = await site.found('alpha')
      const b = await site.pairDirect(a, 'bravo')
      await site.until((s) => sameView(s) && s.every((x) => x.node.writable), 'bravo writable')
      const admin = await signedIn(a.daemon, 'admin', site.adminSecret)
      await admin.call('catalog.upsert', CATALOG)
      const [roll] = (await admin.call('stock.receive', { product: 'POP-NV', lot: 'L1', location: 'A-01', quantity: '50', printer: null }))
        .rolls as [string]
      admin.close()
      await site.until((s) => sameView(s), 'both nodes to have the roll')

      await apart([
        [a, async (c) => void (await c.call('stock.move', { rolls: [roll], to: 'B-01' }))],
        [b, async (c) => void (await c.call('stock.move', { rolls: [roll], to: 'C-01' }))],
      ])
      await site.until((s) => sameView(s) && s.every((x) => x.view.seq > 0), 'the two nodes to converge')

      const onA = await verdict(a)
      expect(await verdict(b)).toEqual(onA)
      expect(onA.verified).toBe(true)
      expect(onA.consistent).toBe(true)
      const [where] = onA.rolls.map((r) => r.location)
      expect(['B-01', 'C-01']).toContain(where)
      const other = where === 'B-01' ? 'C-01' : 'B-01'
      // the length is where the roll is, once; nothing arrived at the other shelf, nothing stayed behind
      expect(onA.balances.filter((b) => b.milli !== 0).map((b) => [b.location, b.milli])).toEqual([[where, 50_000]])
      expect(onA.open).toEqual([expect.objectContaining({ kind: 'rejected', reason: `roll ${roll} is recorded at ${where}, not A-01` })])
      expect(onA.open[0]!.op.type).toBe('stock.move')
      expect(other).not.toBe(where)
    },
  )
})
