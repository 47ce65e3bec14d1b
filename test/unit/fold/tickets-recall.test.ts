import { describe, expect, it } from 'vitest'
import type { TicketRecord } from '../../../protocol/index.js'
import { add, bump, fire, foldAndRead, item, kitchen } from './kitchen.js'
import { op, stampAs, useFixture, type Step } from './table.js'

/**
 * A recall names the bump it undoes (issue #17). A screen's R undoes the bump that screen made;
 * "the station's last bump on the ticket" in fold order may be another one: the same station
 * bumped items added to the ticket since, on another node, and that bump folds after it.
 */
const fixture = useFixture()

function named() {
  const ids = new Map<string, string>()
  const as = (name: string, step: Step): Step => ({
    envelope: (fx) => {
      if (!('draft' in step)) throw new Error('as() takes a draft step')
      const e = stampAs(fx.node, step.draft, step.by ?? 'admin', fx.node.nodeKey)
      ids.set(name, e.id)
      return e
    },
  })
  const recallOf = (name: string): Step => ({
    envelope: (fx) =>
      stampAs(
        fx.node,
        { type: 'tickets.recall', payload: { ticket: 'T', station: 'grill', bump: ids.get(name)! } },
        'kim',
        fx.node.nodeKey,
      ),
  })
  return { ids, as, recallOf }
}

const read = async (steps: Step[]) =>
  foldAndRead(fixture(), steps, async ({ outcomes, ticket }) => {
    const t = (await ticket()) as TicketRecord
    return {
      outcomes: outcomes.map((o) => (o.status === 'rejected' ? o.reason : o.status)),
      done: t.parts.map((p) => p.items.map((i) => i.done !== null)),
      bumps: t.bumps.map((b) => b.op),
    }
  })

describe('tickets.recall naming its bump', () => {
  it('undoes that bump, not the station’s later one on the same ticket', async () => {
    const n = named()
    const got = await read([
      ...kitchen(),
      fire('T', [item('burger')]),
      n.as('mine', bump('grill')),
      add(),
      n.as('theirs', bump('grill')),
      n.recallOf('mine'),
    ])
    expect(got.outcomes.every((o) => o === 'applied')).toBe(true)
    // part 0 (the bump recalled) to make again; part 1 (the other bump) still done
    expect(got.done).toEqual([[false], [true]])
    expect(got.bumps).toEqual([n.ids.get('theirs')])
  })

  it('is refused in words when that bump is gone (recalled already), and nothing else is undone', async () => {
    const n = named()
    const got = await read([
      ...kitchen(),
      fire('T', [item('burger')]),
      n.as('mine', bump('grill')),
      add(),
      n.as('theirs', bump('grill')),
      n.recallOf('mine'),
      n.recallOf('mine'),
    ])
    expect(got.outcomes.at(-1)).toBe(`grill's bump ${n.ids.get('mine')} on ticket T is not there to recall (recalled already?)`)
    expect(got.done).toEqual([[false], [true]])
  })

  it('without a bump named (recalls logged before it was kept): the station’s last bump, as before', async () => {
    const got = await read([
      ...kitchen(),
      fire('T', [item('burger')]),
      bump('grill'),
      add(),
      bump('grill'),
      op('tickets.recall', { ticket: 'T', station: 'grill' }, 'kim'),
    ])
    expect(got.done).toEqual([[true], [false]])
  })
})
