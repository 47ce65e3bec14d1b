import { describe, expect, it } from 'vitest'
import { screenKey } from '../../../daemon/view/keys.js'
import type { ScreenRecord } from '../../../protocol/index.js'
import { foldTable, op, useFixture, type Step } from './table.js'
import { foldAndRead, kitchen } from './kitchen.js'

/**
 * A KDS screen's beat, logged by its own node at most every 5 minutes (stations.beat), so a
 * manager on another node sees which screens are up. Only the screen's node logs its beats.
 */
const register = op('stations.register', { screen: 'kds-1', name: 'Grill screen', stations: ['grill'] }, 'kim')
const beat = (screen = 'kds-1', from?: string) => op('stations.beat', { screen }, 'kim', from)
const add = (key: string): Step => op('mesh.addNode', { key, name: `node ${key.slice(0, 2)}`, swarmKey: key })

foldTable('stations.beat: every rejection reason', [
  {
    reason: 'no screen kds-9: register it first',
    given: () => [...kitchen(), register],
    attempt: () => beat('kds-9'),
    allowed: () => beat(),
  },
  {
    reason: 'screen kds-1 talks to another node: only that node logs its beats',
    given: (fx) => [...kitchen(), register, add(fx.keys.a)],
    attempt: (fx) => beat('kds-1', fx.keys.a),
    allowed: () => beat(),
  },
  {
    reason: 'a picker may not stations.beat',
    kind: 'forbidden',
    given: () => [...kitchen(), register],
    attempt: () => ({ ...beat(), by: 'pia' }),
    allowed: () => beat(),
  },
])

const fixture = useFixture()
describe('stations.beat', () => {
  it('a registration is a beat; a later beat moves it on, and the screen keeps what it registered', async () => {
    await foldAndRead(fixture(), [...kitchen(), register, beat()], async ({ outcomes, get }) => {
      const [registered, beaten] = outcomes.slice(-2)
      expect(registered!.status).toBe('applied')
      expect(beaten!.status).toBe('applied')
      const screen = (await get<ScreenRecord>(screenKey('kds-1')))!
      expect(screen.beat).toBe(beaten!.status === 'applied' ? beaten!.op.hlc.t : -1)
      expect(screen.beat).toBeGreaterThanOrEqual(screen.at)
      expect(screen.stations).toEqual(['grill'])
    })
  })
})
