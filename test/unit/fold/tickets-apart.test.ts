import { describe, expect, it } from 'vitest'
import type { TicketRecord } from '../../../protocol/index.js'
import { useFixture, stampAs, type Step } from './table.js'
import { STATES, bump, cancel, foldAndRead, hold, resume, serve } from './kitchen.js'

/**
 * A cancel and work on the same ticket made on two nodes apart (issue #17: "a bump after a cancel
 * made on another node is rejected the same way on every node and listed under Conflicts").
 * Autobase may fold either first; each row folds both orders and the ticket and its conflicts
 * must be the same: cancelled, the unseen work not standing, the work listed as rejected with the
 * cancel's reason. The cancel says what its node had seen (`seen`): work it saw stays.
 */
const fixture = useFixture()

/** Steps that remember the id they were stamped with, so a cancel can name what it saw. */
function recorder() {
  const ids = new Map<string, string>()
  const as = (name: string, step: Step): Step => ({
    envelope: (fx) => {
      if (!('draft' in step)) throw new Error('as() takes a draft step')
      const e = stampAs(fx.node, step.draft, step.by ?? 'admin', fx.node.nodeKey)
      ids.set(name, e.id)
      return e
    },
  })
  const cancelSeeing = (...names: string[]): Step => ({
    envelope: (fx) =>
      stampAs(
        fx.node,
        { type: 'tickets.cancel', payload: { ticket: 'T', reason: 'customer left', seen: names.map((n) => ids.get(n)!) } },
        'kim',
        fx.node.nodeKey,
      ),
  })
  return { ids, as, cancelSeeing }
}

/** What must not depend on the order: the ticket's state and work, and what is under Conflicts. */
async function outcome(steps: Step[]) {
  return foldAndRead(fixture(), steps, async ({ ticket, conflicts }) => {
    const t = (await ticket()) as TicketRecord
    return {
      state: t.state,
      cancelled: t.cancelled?.reason ?? null,
      done: t.parts.flatMap((p) => p.items.map((i) => (i.done === null ? null : i.done.op))),
      bumps: t.bumps.map((b) => b.op),
      started: t.started !== null,
      ready: t.ready !== null,
      served: [t.served, t.servedN, t.servedBy ?? null],
      held: t.held,
      holds: (t.holds ?? []).map((h) => h.op),
      conflicts: (await conflicts()).map((c) => ({ kind: c.kind, op: c.op.id, type: c.op.type, reason: c.reason, at: c.at })),
    }
  })
}

const REASON = 'ticket T was cancelled by kim (customer left)'
interface Row {
  name: string
  /** the ticket before the partition: steps named so the cancel can say it saw them */
  before: (r: ReturnType<typeof recorder>) => Step[]
  /** the work done apart from the cancel */
  work: Step
  /** the names of the steps the cancel saw */
  seen: string[]
  /** how many of the ticket's bumps stand at the end */
  bumpsLeft: number
  /** the work's operation type, as Conflicts lists it */
  type: string
}

const ROWS: Row[] = [
  { name: 'a bump of a new ticket', before: () => STATES.new(), work: bump('grill'), seen: [], bumpsLeft: 0, type: 'tickets.bump' },
  {
    name: 'the last station bump (ready); the first bump, seen, stays',
    before: (r) => [...STATES.new(), r.as('grill', bump('grill'))],
    work: bump('cold'),
    seen: ['grill'],
    bumpsLeft: 1,
    type: 'tickets.bump',
  },
  {
    name: 'the expo bump that served it',
    before: (r) => [...STATES.new(), r.as('grill', bump('grill')), r.as('cold', bump('cold'))],
    work: bump('expo'),
    seen: ['grill', 'cold'],
    bumpsLeft: 2,
    type: 'tickets.bump',
  },
  {
    name: 'a serve',
    before: (r) => [...STATES.new(), r.as('grill', bump('grill')), r.as('cold', bump('cold'))],
    work: serve(),
    seen: ['grill', 'cold'],
    bumpsLeft: 2,
    type: 'tickets.serve',
  },
  // a hold folded first used to stand, cleared by the cancel, with no conflict; folded after, it was refused and listed
  { name: 'a hold', before: () => STATES.new(), work: hold(), seen: [], bumpsLeft: 0, type: 'tickets.hold' },
  {
    name: 'a hold of a half-made ticket; the bump, seen, stays',
    before: (r) => [...STATES.new(), r.as('grill', bump('grill'))],
    work: hold(),
    seen: ['grill'],
    bumpsLeft: 1,
    type: 'tickets.hold',
  },
  {
    name: 'a resume of a ticket held before they parted',
    before: (r) => [...STATES.new(), r.as('hold', hold())],
    work: resume(),
    seen: ['hold'],
    bumpsLeft: 0,
    type: 'tickets.resume',
  },
]

describe('tickets: a cancel and work made apart give the same ticket in either order', () => {
  for (const row of ROWS) {
    it(row.name, async () => {
      const a = recorder()
      const cancelFirst = await outcome([...row.before(a), a.cancelSeeing(...row.seen), a.as('work', row.work)])
      const b = recorder()
      const workFirst = await outcome([...row.before(b), b.as('work', row.work), b.cancelSeeing(...row.seen)])
      // op ids differ between the two runs (each is stamped anew): compare with them named
      const named = (o: typeof cancelFirst, ids: Map<string, string>) => {
        const name = new Map([...ids].map(([k, v]) => [v, k]))
        const n = (id: string | null | undefined) => (id === null || id === undefined ? id : (name.get(id) ?? id))
        return {
          ...o,
          done: o.done.map(n),
          bumps: o.bumps.map(n),
          holds: o.holds.map(n),
          held: o.held === null ? null : 'held',
          served: o.served.map((s) => (s !== null && typeof s === 'object' ? n(s.op) : s)),
          conflicts: o.conflicts.map((c) => ({ ...c, op: n(c.op), at: typeof c.at })),
        }
      }
      const first = named(cancelFirst, a.ids)
      expect(named(workFirst, b.ids)).toEqual(first)
      expect(first.state).toBe('cancelled')
      expect(first.bumps.length).toBe(row.bumpsLeft)
      expect(first.served).toEqual([null, null, null])
      expect(first.held).toBeNull()
      expect(first.holds).toEqual(row.seen.filter((n) => n === 'hold'))
      expect(first.conflicts).toEqual([{ kind: 'rejected', op: 'work', type: row.type, reason: REASON, at: 'number' }])
    })
  }

  it("the conflict's time is the work's own clock in either order", async () => {
    const a = recorder()
    const steps = [...STATES.new(), a.as('work', bump('grill')), a.cancelSeeing()]
    const { conflicts } = await outcome(steps)
    const b = recorder()
    const other = await outcome([...STATES.new(), b.cancelSeeing(), b.as('work', bump('grill'))])
    expect(conflicts[0]!.at).toBeLessThan(Date.now() + 1)
    expect(other.conflicts[0]!.reason).toBe(conflicts[0]!.reason)
  })

  it('a hold, a resume and a hold again made apart: all three rejected in either order', async () => {
    const a = recorder()
    const cancelFirst = await outcome([...STATES.new(), a.cancelSeeing(), a.as('h1', hold()), a.as('r', resume()), a.as('h2', hold())])
    const b = recorder()
    const workFirst = await outcome([...STATES.new(), b.as('h1', hold()), b.as('r', resume()), b.as('h2', hold()), b.cancelSeeing()])
    const names = (o: typeof cancelFirst, ids: Map<string, string>) => {
      const name = new Map([...ids].map(([k, v]) => [v, k]))
      return { held: o.held, holds: o.holds, conflicts: o.conflicts.map((c) => `${c.kind} ${name.get(c.op)} ${c.type} ${c.reason}`).sort() }
    }
    const expected = ['h1 tickets.hold', 'h2 tickets.hold', 'r tickets.resume'].map((w) => `rejected ${w} ${REASON}`)
    expect(names(cancelFirst, a.ids)).toEqual({ held: null, holds: [], conflicts: expected })
    expect(names(workFirst, b.ids)).toEqual({ held: null, holds: [], conflicts: expected })
  })

  it('a bump made apart after a hold made apart on the same node: both listed with the cancel’s reason in either order', async () => {
    const a = recorder()
    const cancelFirst = await outcome([...STATES.new(), a.cancelSeeing(), a.as('hold', hold()), a.as('bump', bump('grill'))])
    const b = recorder()
    // folded first, the bump met the hold ("on hold"); the cancel then undoes that hold
    const workFirst = await outcome([...STATES.new(), b.as('hold', hold()), b.as('bump', bump('grill')), b.cancelSeeing()])
    const names = (o: typeof cancelFirst, ids: Map<string, string>) => {
      const name = new Map([...ids].map(([k, v]) => [v, k]))
      return {
        state: o.state,
        held: o.held,
        bumps: o.bumps,
        conflicts: o.conflicts.map((c) => `${c.kind} ${name.get(c.op)} ${c.type} ${c.reason}`).sort(),
      }
    }
    const expected = {
      state: 'cancelled',
      held: null,
      bumps: [],
      conflicts: [`rejected bump tickets.bump ${REASON}`, `rejected hold tickets.hold ${REASON}`],
    }
    expect(names(cancelFirst, a.ids)).toEqual(expected)
    expect(names(workFirst, b.ids)).toEqual(expected)
  })

  it('a bump refused on a hold the cancel saw keeps its own reason', async () => {
    const r = recorder()
    const o = await outcome([...STATES.new(), r.as('hold', hold()), r.as('bump', bump('grill')), r.cancelSeeing('hold')])
    const reasons = o.conflicts.map((c) => `${c.type} ${c.reason}`)
    expect(reasons).toEqual([expect.stringMatching(/^tickets\.bump ticket T is on hold \(by \S+\): resume it first$/)])
  })

  it('work the cancel saw stands, with no conflict', async () => {
    const r = recorder()
    const o = await outcome([...STATES.new(), r.as('grill', bump('grill')), r.cancelSeeing('grill')])
    expect(o.state).toBe('cancelled')
    expect(o.bumps).toEqual([r.ids.get('grill')])
    expect(o.conflicts).toEqual([])
  })

  it('a cancel logged before `seen` was kept folds as it always did: the bump before it stands', async () => {
    const o = await outcome([...STATES.new(), bump('grill'), cancel()])
    expect(o.state).toBe('cancelled')
    expect(o.bumps.length).toBe(1)
    expect(o.conflicts).toEqual([])
  })
})
