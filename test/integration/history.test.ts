import { afterEach, describe, expect, it } from 'vitest'
import type { Product } from '../../protocol/index.js'
import { signedIn } from '../helpers/daemon-process.js'
import { MeshSite, sameView, type SiteNode } from '../helpers/mesh-site.js'
import { apart, officeAndTerminal } from '../helpers/partitioned.js'

/**
 * Field-level merge, history and rollback on real daemons in separate processes over real
 * sockets: a product edited field by field on two nodes apart (the office node alpha, the
 * terminal bravo), and a count approval rolled back from the command line.
 */

let site: MeshSite
afterEach(() => site.close())

const POP: Product = { sku: 'POP-NV', name: 'Poplin', unit: 'm', barcodes: ['8690000000011'], attributes: { color: 'navy' } }

/** What a node says of the product, its history and the conflicts: must read the same on both. */
async function verdict(node: SiteNode) {
  const client = await signedIn(node.daemon, 'admin', site.adminSecret)
  try {
    const product = (await client.call('stock.lookup', { code: 'POP-NV' })).product
    const history = await client.call('history.get', { record: 'POP-NV' })
    const conflicts = await client.call('conflicts.list', { open: true })
    const verify = await client.call('system.verify')
    return { product, history, conflicts, verified: verify.consistent }
  } finally {
    client.close()
  }
}

describe('field-level merge and history on two partitioned daemons', () => {
  it(
    'a product edited field by field on two nodes apart: independent fields both stand; the same field goes to the office node, the loser in history and under Conflicts, the same on both',
    { timeout: 180_000 },
    async () => {
      site = new MeshSite()
      const [a, b] = await officeAndTerminal(site)
      const admin = await signedIn(a.daemon, 'admin', site.adminSecret)
      await admin.call('catalog.upsert', { products: [POP] })
      admin.close()
      await site.until((s) => sameView(s), 'both nodes to have the product')

      // apart: the office renames it and gives it a colour; the terminal, later, renames it too and adds a barcode
      await apart(site, [a, b], async (n) => {
        const client = await signedIn(n.daemon, 'admin', site.adminSecret)
        const edit =
          n === a
            ? { ...POP, name: 'Poplin navy (office)', attributes: { color: 'lacivert' } }
            : { ...POP, name: 'Poplin navy (bench)', barcodes: ['8690000000011', '8690000000028'] }
        expect((await client.call('catalog.upsert', { products: [edit] })).ids).toHaveLength(1)
        client.close()
      })

      const onA = await verdict(a)
      const onB = await verdict(b)
      expect(onB).toEqual(onA)
      expect(onA.verified).toBe(true)
      // both independent edits stand; the same field goes to the office by source priority
      expect(onA.product).toMatchObject({
        name: 'Poplin navy (office)',
        barcodes: ['8690000000011', '8690000000028'],
        attributes: { color: 'lacivert' },
      })
      const clash = onA.conflicts.filter((c) => c.kind === 'field-clash')
      expect(clash).toHaveLength(1)
      expect(clash[0]!.reason).toBe(
        'product POP-NV name: "Poplin navy (office)" (office) stands over "Poplin navy (bench)" (terminal, source priority (office over terminal))',
      )
      // the losing value is in the product's history, with the edit that made it and its outcome
      const fields = onA.history.entries.flatMap((e) => (e.fields ?? []).map((f) => `${f.field} ${JSON.stringify(f.value)}: ${f.outcome}`))
      expect(fields.some((f) => f.startsWith('name "Poplin navy (bench)"'))).toBe(true)
      expect(fields.join('\n')).toMatch(/name "Poplin navy \((office|bench)\)": (stands over|lost to)/)
      expect(fields).toContain('barcodes ["8690000000011","8690000000028"]: stands')

      // the command line shows the same history, newest first, with who, where and the outcome
      const shown = await site.cli(b.dir, ['history', 'POP-NV'])
      expect(shown.code, shown.stderr).toBe(0)
      expect(shown.stdout).toContain('product/POP-NV, newest first:')
      expect(shown.stdout).toMatch(/catalog\.products\.upsert\s+Administrator\s+on (alpha|bravo)/) // who by name
      expect(shown.stdout).toContain('Poplin navy (bench)')
      // a name nothing is known by, and a bad page number: one line each, in a person's words
      const unknown = await site.cli(b.dir, ['history', 'NOPE-1'])
      expect([unknown.code, unknown.stderr]).toEqual([1, 'outpost: nothing is known as NOPE-1 (E_NOT_FOUND)\n'])
      const bad = await site.cli(b.dir, ['history', 'POP-NV', '--before', 'yesterday'])
      expect([bad.code, bad.stderr]).toEqual([2, 'outpost: --before is a whole number, not "yesterday" (E_USAGE)\n'])
    },
  )

  it(
    'a count approval rolled back from the command line: shown first, appended on --apply, balances right',
    { timeout: 120_000 },
    async () => {
      site = new MeshSite()
      const a = await site.found('alpha')
      const admin = await signedIn(a.daemon, 'admin', site.adminSecret)
      await admin.call('catalog.upsert', { products: [POP], locations: [{ code: 'A-01', barcode: null, rack: 'A', bin: '01' }] })
      const { rolls } = await admin.call('stock.receive', {
        product: 'POP-NV',
        lot: 'L1',
        location: 'A-01',
        quantity: '50',
        rolls: 2,
        printer: null,
      })
      const [kept, missing] = rolls as [string, string]
      const { session } = await admin.call('counting.open', { location: 'A-01' })
      await admin.call('counting.scan', { session, codes: [kept] })
      expect((await admin.call('counting.approve', { session })).adjusted).toBe(1)
      expect((await admin.call('stock.lookup', { code: missing })).roll).toMatchObject({ state: 'lost' })

      const listed = await site.cli(a.dir, ['history', session, '--json'])
      expect(listed.code, listed.stderr).toBe(0)
      const { entries } = JSON.parse(listed.stdout) as { entries: Array<{ seq: number; type: string }> }
      expect(entries.map((e) => e.type)).toEqual(['counting.approve', 'counting.scan', 'counting.open'])
      const scanned = String(entries[1]!.seq)

      // shown, not appended
      const shown = await site.cli(a.dir, ['rollback', session, scanned])
      expect(shown.code, shown.stderr).toBe(0)
      expect(shown.stdout).toContain(`undoes #${entries[0]!.seq} counting.approve by Administrator`)
      expect(shown.stdout).toContain(`roll/${missing}`)
      expect(shown.stdout).toContain('state: "lost" -> "in-stock"')
      expect(shown.stdout).toContain('not appended')
      expect((await admin.call('stock.lookup', { code: missing })).roll).toMatchObject({ state: 'lost' })

      const applied = await site.cli(a.dir, ['rollback', session, scanned, '--apply', '--note', 'approved too soon'])
      expect(applied.code, applied.stderr).toBe(0)
      expect(applied.stdout).toMatch(/appended 1 operation/)
      expect((await admin.call('stock.lookup', { code: missing })).roll).toMatchObject({ state: 'in-stock', location: 'A-01' })
      expect((await admin.call('counting.get', { session })).count.state).toBe('open')
      expect(await admin.call('stock.check', {})).toMatchObject({ differences: [], units: [], orders: [] })
      // the approval is still in the log: a rollback is new operations
      const audit = await admin.call('audit.list', { limit: 50 })
      expect(audit.filter((e) => e.type === 'counting.approve').map((e) => e.status)).toEqual(['applied'])
      expect(audit.find((e) => e.type === 'history.restore')?.status).toBe('applied')
      // the same rollback again: nothing left to undo, refused in one line
      const again = await site.cli(a.dir, ['rollback', session, scanned, '--apply'])
      expect(again.code).toBe(1)
      expect(again.stderr).toMatch(/^outpost: .+ \(E_CONFLICT\)\n$/)
      admin.close()
    },
  )
})
