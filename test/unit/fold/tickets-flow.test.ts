import { describe, expect, it } from 'vitest'
import { itemShiftKey } from '../../../daemon/view/keys.js'
import type { ItemShiftRecord, TicketRecord } from '../../../protocol/index.js'
import { useFixture, type Step } from './table.js'
import { STATES, add, advance, bump, cancel, fire, foldAndRead, hold, item, kitchen, recall, resume, serve, start } from './kitchen.js'
import { op } from './table.js'

/** Every legal transition of a kitchen ticket, and the state it leaves (illegal ones: tickets.test.ts). */
const fixture = useFixture()

type Expect = Partial<Pick<TicketRecord, 'state' | 'recalls'>> & { held?: boolean; parts?: number; undone?: string[] }
const LEGAL: Array<[string, () => Step[], Step, Expect]> = [
  ['fire: new', kitchen, fire(), { state: 'new', held: false, parts: 1, undone: ['grill', 'cold'] }],
  ['new + start: in progress', STATES.new, start('grill'), { state: 'in-progress', undone: ['grill', 'cold'] }],
  ['in progress + start at another station: still in progress', STATES['in-progress'], start('cold'), { state: 'in-progress' }],
  ['new + bump one station: in progress', STATES.new, bump('grill'), { state: 'in-progress', undone: ['cold'] }],
  ['in progress + bump the last station: ready', STATES['in-progress'], bump('cold'), { state: 'ready', undone: [] }],
  ['ready + serve: served', STATES.ready, serve(), { state: 'served' }],
  ['ready + expo bump: served', STATES.ready, bump('expo'), { state: 'served' }],
  ['new + hold: held, still new', STATES.new, hold(), { state: 'new', held: true }],
  ['ready + hold: held, still ready', STATES.ready, hold(), { state: 'ready', held: true }],
  ['held + resume', STATES.held, resume(), { state: 'new', held: false }],
  ['new + cancel', STATES.new, cancel(), { state: 'cancelled' }],
  ['in progress + cancel', STATES['in-progress'], cancel(), { state: 'cancelled' }],
  ['ready + cancel', STATES.ready, cancel(), { state: 'cancelled' }],
  ['held + cancel: cancelled, no longer held', STATES.held, cancel(), { state: 'cancelled', held: false }],
  ['served + recall: ready again', STATES.served, recall(null), { state: 'ready', recalls: 1 }],
  ['served + recall at expo: ready again', STATES.served, recall('expo'), { state: 'ready', recalls: 1 }],
  [
    'ready + recall a station bump: in progress, its items to make again',
    STATES.ready,
    recall('grill'),
    { state: 'in-progress', undone: ['grill'], recalls: 1 },
  ],
  ['ready + added items: in progress, a new part', STATES.ready, add(), { state: 'in-progress', parts: 2, undone: ['grill'] }],
  ['new + added items: still new, a new part', STATES.new, add([item('salad')]), { state: 'new', parts: 2 }],
  ['held + added items', STATES.held, add(), { state: 'new', held: true, parts: 2 }],
  ['ready + bulk advance: served', STATES.ready, advance('T', 'NOPE'), { state: 'served' }],
  // a cancel after a bump it saw (no `seen`: as logged before it was kept): both stand (apart: tickets-apart.test.ts)
  ['in progress + cancel after a bump', STATES['in-progress'], cancel(), { state: 'cancelled' }],
]

describe('tickets: every legal transition', () => {
  for (const [name, given, step, want] of LEGAL) {
    it(name, async () => {
      await foldAndRead(fixture(), [...given(), step], async ({ outcomes, ticket }) => {
        expect(outcomes.map((o) => (o.status === 'rejected' ? o.reason : o.status))).toEqual(outcomes.map(() => 'applied'))
        const t = (await ticket())!
        if (want.state !== undefined) expect(t.state).toBe(want.state)
        if (want.recalls !== undefined) expect(t.recalls).toBe(want.recalls)
        if (want.held !== undefined) expect(t.held !== null).toBe(want.held)
        if (want.parts !== undefined) expect(t.parts.length).toBe(want.parts)
        if (want.undone !== undefined)
          expect([...new Set(t.parts.flatMap((p) => p.items.filter((i) => i.done === null).map((i) => i.station)))].sort()).toEqual(
            [...want.undone].sort(),
          )
      })
    })
  }

  it('timings: fired, started, ready, served are the clocks of the operations that made them; a recall clears served', async () => {
    await foldAndRead(fixture(), [...STATES.served(), recall(null)], async ({ ticket }) => {
      const t = (await ticket())!
      expect(t.started).toBeGreaterThanOrEqual(t.fired)
      expect(t.ready).toBeGreaterThanOrEqual(t.started!)
      expect(t.served).toBeNull()
      expect(t.servedN).toBeNull()
    })
  })

  it('bulk advance serves the ready tickets it names and leaves the others as they are', async () => {
    const steps = [...STATES.ready(), fire('T2'), fire('T3'), bump('grill', 'T3'), bump('cold', 'T3'), hold('T3'), advance('T', 'T2', 'T3')]
    await foldAndRead(fixture(), steps, async ({ ticket }) => {
      expect((await ticket('T'))!.state).toBe('served')
      expect((await ticket('T2'))!.state).toBe('new')
      expect((await ticket('T3'))!.state).toBe('ready')
    })
  })
})

describe('per-shift stock in the fold', () => {
  const stock = (portions: number | null, itemId = 'burger') => op('menu.stock', { shift: 'lunch', item: itemId, portions }, 'kim')
  const left = (get: <T>(k: string) => Promise<T | null>) => get<ItemShiftRecord>(itemShiftKey('lunch', 'burger'))

  it('each ticket counts its portions; a cancel gives them back', async () => {
    const steps = [...kitchen(), stock(5), fire('A', [item('burger', 2)]), fire('B', [item('burger', 1)]), cancel('A')]
    await foldAndRead(fixture(), steps, async ({ get, conflicts }) => {
      expect(await left(get)).toMatchObject({ portions: 5, sold: 1 })
      expect(await conflicts()).toEqual([])
    })
  })

  it('the last portion sold twice: the second ticket stands, flagged oversold under Conflicts, never a silent negative', async () => {
    const steps = [...kitchen(), stock(1), fire('A', [item('burger')]), fire('B', [item('burger'), item('salad')])]
    await foldAndRead(fixture(), steps, async ({ outcomes, ticket, get, conflicts }) => {
      expect(outcomes.every((o) => o.status === 'applied')).toBe(true)
      expect((await ticket('A'))!.oversold).toEqual([])
      expect((await ticket('B'))!.oversold).toEqual(['burger'])
      expect(await left(get)).toMatchObject({ portions: 1, sold: 2 })
      const flagged = await conflicts()
      expect(flagged.map((c) => [c.kind, c.op.type, c.reason])).toEqual([
        ['oversold', 'tickets.fire', 'ticket B oversold in shift lunch: burger: 2 sold of 1'],
      ])
    })
  })

  it('an item marked out that a node sold anyway (it had not seen the mark) is flagged oversold too', async () => {
    const steps = [...kitchen(), op('menu.out', { shift: 'lunch', item: 'burger', out: true }, 'kim'), fire('A', [item('burger')])]
    await foldAndRead(fixture(), steps, async ({ ticket, conflicts }) => {
      expect((await ticket('A'))!.oversold).toEqual(['burger'])
      expect((await conflicts()).map((c) => c.reason)).toEqual(['ticket A oversold in shift lunch: burger was marked out'])
    })
  })

  it('added items count too, and a ticket with no shift counts against none', async () => {
    const steps = [...kitchen(), stock(1), fire('A', [item('salad')]), add([item('burger', 2)], 'A'), fire('N', [item('burger')], null)]
    await foldAndRead(fixture(), steps, async ({ ticket, get, conflicts }) => {
      expect((await ticket('A'))!.oversold).toEqual(['burger'])
      expect((await ticket('N'))!.oversold).toEqual([])
      expect(await left(get)).toMatchObject({ sold: 2 })
      expect((await conflicts()).length).toBe(1)
    })
  })

  it('a bump refused after a cancel is listed under Conflicts as rejected', async () => {
    await foldAndRead(fixture(), [...STATES.cancelled(), bump('grill')], async ({ conflicts }) => {
      expect((await conflicts()).map((c) => [c.kind, c.op.type, c.reason])).toEqual([
        ['rejected', 'tickets.bump', 'ticket T was cancelled by kim (customer left)'],
      ])
    })
  })
})
