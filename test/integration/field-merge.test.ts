import { afterEach, describe, expect, it } from 'vitest'
import { MeshSite, sameView } from '../helpers/mesh-site.js'
import { apart, asAdmin, officeAndTerminal, sameOnAll } from '../helpers/partitioned.js'
import { signedIn } from '../helpers/daemon-process.js'

/**
 * Field-level merge beyond the catalog (SPEC "Conflicts" rule 4; issue #20 point 5): a person and
 * a menu item edited on two daemons apart (alpha the office node, bravo a terminal, in separate
 * processes over real sockets). Independent fields both stand; the same field edited on both
 * goes to the office by source priority although the terminal's edit is later; the losing value
 * is in the record's history and under Conflicts; both nodes say the same.
 */

let site: MeshSite
afterEach(() => site.close())

const MEZE = { id: 'meze', number: 12, name: 'Meze', category: 'starters', price: 800, station: 'cold' }

describe('field-level merge for people and the kitchen on two partitioned daemons', () => {
  it(
    'a person and a menu item edited apart: different fields both stand, the same field goes to the office node, the same on both',
    { timeout: 240_000 },
    async () => {
      site = new MeshSite()
      const [a, b] = await officeAndTerminal(site)
      await asAdmin(site, a, async (c) => {
        await c.call('people.add', { id: 'ana', name: 'Ana', role: 'picker', pin: '1111' })
        await c.call('people.add', { id: 'kai', name: 'Kai', role: 'picker', pin: '2222' })
        await c.call('stations.set', { id: 'cold', name: 'Cold' })
        await c.call('menu.set', MEZE)
      })
      await site.until((s) => sameView(s), 'both nodes to have the people and the menu')

      // apart: the office makes ana a manager, kai a manager, meze dearer and a main;
      // the terminal, later, gives ana a new PIN, makes kai a kitchen hand, renames meze and makes it a side
      await apart(site, [a, b], (n) =>
        asAdmin(site, n, async (c) => {
          if (n === a) {
            await c.call('people.setRole', { id: 'ana', role: 'manager' })
            await c.call('people.setRole', { id: 'kai', role: 'manager' })
            await c.call('menu.set', { ...MEZE, price: 950, category: 'mains' })
          } else {
            await c.call('people.setPin', { id: 'ana', pin: '4321' })
            await c.call('people.setRole', { id: 'kai', role: 'kitchen' })
            await c.call('menu.set', { ...MEZE, name: 'Meze plate', category: 'sides' })
          }
        }),
      )

      const seen = await sameOnAll(site, [a, b], async (c) => {
        const people = await c.call('people.list')
        const menu = await c.call('menu.list', { all: true })
        const conflicts = await c.call('conflicts.list', { open: true })
        const ana = await c.call('history.get', { record: 'person/ana' })
        const meze = await c.call('history.get', { record: 'menu/meze' })
        const verified = (await c.call('system.verify')).consistent
        return { people, menu, conflicts, ana, meze, verified }
      })
      expect(seen.verified).toBe(true)
      // independent fields both stand: ana's role from the office and her PIN from the terminal
      expect(seen.people.find((p) => p.id === 'ana')).toMatchObject({ role: 'manager', active: true })
      for (const n of [a, b]) (await signedIn(n.daemon, 'ana', '4321')).close()
      // the same field on both: the office's value stands over the terminal's later one
      expect(seen.people.find((p) => p.id === 'kai')).toMatchObject({ role: 'manager' })
      const item = seen.menu.items.find((e) => e.id === 'meze')
      expect(item).toMatchObject({ name: 'Meze plate', price: 950, category: 'mains' })

      const clashes = seen.conflicts
        .filter((c) => c.kind === 'field-clash')
        .map((c) => c.reason)
        .sort()
      expect(clashes).toEqual([
        'menu item meze category: "mains" (office) stands over "sides" (terminal, source priority (office over terminal))',
        'person kai role: "manager" (office) stands over "kitchen" (terminal, source priority (office over terminal))',
      ])
      // the losing value is in the record's history; a PIN's hash never shows there
      const fields = (h: typeof seen.ana) =>
        h.entries.flatMap((e) => (e.fields ?? []).map((f) => `${f.field} ${JSON.stringify(f.value)}: ${f.outcome}`))
      expect(fields(seen.meze)).toContain('name "Meze plate": stands')
      expect(fields(seen.meze).join('\n')).toMatch(/category "sides": (lost to "mains"|stands)/)
      expect(fields(seen.ana)).toEqual(expect.arrayContaining(['role "manager": stands', 'pinHash "(hidden)": stands']))
      expect(JSON.stringify(seen.ana)).not.toContain('scrypt')
    },
  )
})
