import { foldTable, op } from './table.js'
import { kitchen } from './kitchen.js'

/** Every rejection of stations and KDS screen registration (the fixture's printer is p-1). */
const station = (printer: string | null) => op('stations.set', { id: 'bar', name: 'Bar', printer }, 'max')
const register = (stations: string[], printer: string | null = null) =>
  op('stations.register', { screen: 'kds-1', name: 'Grill screen', stations, printer }, 'kim')

foldTable('stations: every rejection reason', [
  { reason: 'no printer nope in this site', attempt: () => station('nope'), allowed: () => station('p-1') },
  {
    reason: 'a kitchen may not stations.set',
    kind: 'forbidden',
    attempt: () => ({ ...station(null), by: 'kim' }),
    allowed: () => station(null),
  },
  {
    reason: 'no kitchen station oven',
    given: kitchen,
    attempt: () => register(['grill', 'oven']),
    allowed: () => register(['grill', 'cold']),
  },
  {
    reason: 'no printer nope in this site',
    name: 'a screen names no printer',
    given: kitchen,
    attempt: () => register(['grill'], 'nope'),
    allowed: () => register(['grill'], 'p-1'),
  },
  {
    reason: 'a picker may not stations.register',
    kind: 'forbidden',
    given: kitchen,
    attempt: () => ({ ...register(['grill']), by: 'pia' }),
    allowed: () => register(['grill']),
  },
])
