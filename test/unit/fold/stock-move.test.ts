import { foldTable, op } from './table.js'

/**
 * stock.move's guards. Fixture (see fixture.ts): R-1 free at held for SO-1 at A-01,
 * R-3 picked for SO-1, R-4 gone with SO-3, R-5 lost by count C-L; B-01 is the other shelf.
 */
const move = (roll: string, from: string, to: string, by = 'pia') => op('stock.move', { roll, from, to }, by)

foldTable('stock: every rejection reason of stock.move', [
  { reason: 'no roll R-404', attempt: () => move('R-404', 'A-01', 'B-01'), allowed: () => move('R-1', 'A-01', 'B-01') },
  {
    reason: 'roll R-4 left already, with order SO-3',
    attempt: () => move('R-4', 'A-01', 'B-01'),
    allowed: () => move('R-1', 'A-01', 'B-01'),
  },
  {
    reason: 'roll R-5 is recorded as lost by a count',
    attempt: () => move('R-5', 'A-01', 'B-01'),
    allowed: () => move('R-6', 'A-01', 'B-01'),
  },
  {
    reason: 'roll R-3 was picked for order SO-1: it is off the shelf',
    attempt: () => move('R-3', 'A-01', 'B-01'),
    // a roll held for the same order (not yet picked) moves, and takes its hold along
    allowed: () => move('R-2', 'A-01', 'B-01'),
  },
  { reason: 'no location Z-99', attempt: () => move('R-1', 'A-01', 'Z-99'), allowed: () => move('R-1', 'A-01', 'B-01') },
  {
    reason: 'roll R-1 is recorded at A-01, not B-01',
    attempt: () => move('R-1', 'B-01', 'A-01'),
    allowed: () => move('R-1', 'A-01', 'B-01'),
  },
  {
    reason: 'roll R-1 is recorded at B-01, not A-01',
    name: 'a second move of the same roll from where it no longer is (two nodes apart) is refused',
    given: () => [move('R-1', 'A-01', 'B-01')],
    attempt: () => move('R-1', 'A-01', 'B-01'),
    allowed: () => move('R-1', 'B-01', 'A-01'),
  },
  { reason: 'roll R-1 is at A-01 already', attempt: () => move('R-1', 'A-01', 'A-01'), allowed: () => move('R-1', 'A-01', 'B-01') },
  {
    reason: 'a kitchen may not stock.move',
    kind: 'forbidden',
    attempt: () => move('R-1', 'A-01', 'B-01', 'kim'),
    allowed: () => move('R-1', 'A-01', 'B-01', 'max'),
  },
])
