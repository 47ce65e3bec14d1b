import { foldTable, op } from './table.js'

const pick = (order: string, roll: string, location = 'A-01') => op('picking.scan', { order, roll, location }, 'pia')
const short = (order: string, line: number, roll: string | null) => op('picking.short', { order, line, roll, reason: 'not there' }, 'pia')

foldTable('picking: every rejection reason of stock.pick and stock.pick.short', [
  { reason: 'roll R-3 was picked already, for order SO-1', attempt: () => pick('SO-2', 'R-3'), allowed: () => pick('SO-2', 'R-1') },
  { reason: 'roll R-4 left already, with order SO-3', attempt: () => pick('SO-2', 'R-4'), allowed: () => pick('SO-2', 'R-1') },
  { reason: 'roll R-5 is recorded as lost by a count', attempt: () => pick('SO-2', 'R-5'), allowed: () => pick('SO-2', 'R-1') },
  { reason: 'roll R-2 is held for order SO-1', attempt: () => pick('SO-2', 'R-2'), allowed: () => pick('SO-1', 'R-2') },
  { reason: 'roll K-1 (KET) is not on order SO-2', attempt: () => pick('SO-2', 'K-1'), allowed: () => pick('SO-2', 'R-1') },
  {
    reason: 'roll R-1 is recorded at A-01, not B-01',
    attempt: () => pick('SO-2', 'R-1', 'B-01'),
    allowed: () => pick('SO-2', 'R-1', 'A-01'),
  },
  { reason: 'no roll R-404', attempt: () => pick('SO-2', 'R-404'), allowed: () => pick('SO-2', 'R-6') },
  { reason: 'order SO-3 is fulfilled already', attempt: () => pick('SO-3', 'R-1'), allowed: () => pick('SO-2', 'R-1') },
  { reason: 'order SO-1 has no line 2', attempt: () => short('SO-1', 1, null), allowed: () => short('SO-1', 0, null) },
  {
    reason: 'roll R-1 is not held for order SO-1',
    name: 'roll R-1 is not held for order SO-1 (short, held by no order)',
    attempt: () => short('SO-1', 0, 'R-1'),
    allowed: () => short('SO-1', 0, 'R-2'),
  },
  {
    reason: 'roll R-3 is not held for order SO-1',
    name: 'roll R-3 is not held for order SO-1 (short, picked for it)',
    attempt: () => short('SO-1', 0, 'R-3'),
    allowed: () => short('SO-1', 0, 'R-2'),
  },
])
