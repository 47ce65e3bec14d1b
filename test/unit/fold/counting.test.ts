import { foldTable, op, type Step } from './table.js'

const open = (session: string, location = 'A-01') => op('counting.open', { session, location }, 'pia')
const scan = (session: string, ...codes: string[]) => op('counting.scan', { session, codes }, 'pia')
const approve = (session: string, roll: string, kind: 'missing' | 'moved-here' | 'found') =>
  op('counting.approve', { session, variances: [{ roll, kind }] }, 'max')
/** `times` scans of 500 codes each into C-O. */
const scans = (times: number): Step[] => Array.from({ length: times }, () => scan('C-O', ...Array.from({ length: 500 }, () => 'R-1')))

foldTable('counting: every rejection reason of count sessions and approval', [
  { reason: 'no count session C-404', attempt: () => scan('C-404', 'R-1'), allowed: () => scan('C-O', 'R-1') },
  { reason: 'count session C-L is approved already', attempt: () => scan('C-L', 'R-1'), allowed: () => scan('C-O', 'R-1') },
  {
    reason: 'count session C-X is cancelled already',
    attempt: () => op('counting.cancel', { session: 'C-X', reason: 'again' }, 'pia'),
    allowed: () => op('counting.cancel', { session: 'C-O', reason: 'again' }, 'pia'),
  },
  { reason: 'no location Z-99', attempt: () => open('C-N', 'Z-99'), allowed: () => open('C-N', 'B-01') },
  { reason: 'count session C-O exists already', attempt: () => open('C-O'), allowed: () => open('C-N') },
  {
    reason: 'a count session holds up to 5000 scans: start another for the rest',
    given: () => scans(10),
    attempt: () => scan('C-O', 'R-1'),
    allowedGiven: () => scans(9),
    allowed: () => scan('C-O', ...Array.from({ length: 500 }, () => 'R-1')),
  },
  {
    reason: 'roll R-1 is no longer missing from A-01',
    name: 'missing: the roll was scanned',
    given: () => [scan('C-O', 'R-1')],
    attempt: () => approve('C-O', 'R-1', 'missing'),
    allowed: () => approve('C-O', 'R-6', 'missing'),
  },
  {
    reason: 'roll R-3 is no longer missing from A-01',
    name: 'missing: the roll is not in stock',
    attempt: () => approve('C-O', 'R-3', 'missing'),
    allowed: () => approve('C-O', 'R-6', 'missing'),
  },
  {
    reason: 'roll R-1 is no longer missing from B-01',
    name: 'missing: the roll is at another location',
    given: () => [open('C-B', 'B-01')],
    attempt: () => approve('C-B', 'R-1', 'missing'),
    allowed: () => approve('C-O', 'R-1', 'missing'),
  },
  { reason: 'no roll R-404', attempt: () => approve('C-O', 'R-404', 'missing'), allowed: () => approve('C-O', 'R-1', 'missing') },
  {
    reason: 'roll R-1 is not recorded elsewhere any more',
    name: 'moved-here: the roll was not scanned',
    given: () => [open('C-B', 'B-01')],
    attempt: () => approve('C-B', 'R-1', 'moved-here'),
    allowedGiven: () => [open('C-B', 'B-01'), scan('C-B', 'R-1')],
    allowed: () => approve('C-B', 'R-1', 'moved-here'),
  },
  {
    reason: 'roll R-3 is not recorded elsewhere any more',
    name: 'moved-here: the roll is not in stock',
    given: () => [open('C-B', 'B-01'), scan('C-B', 'R-3', 'R-1')],
    attempt: () => approve('C-B', 'R-3', 'moved-here'),
    allowed: () => approve('C-B', 'R-1', 'moved-here'),
  },
  {
    reason: 'roll R-1 is not recorded elsewhere any more',
    name: 'moved-here: the roll is recorded here',
    given: () => [open('C-B', 'B-01'), scan('C-O', 'R-1'), scan('C-B', 'R-1')],
    attempt: () => approve('C-O', 'R-1', 'moved-here'),
    allowed: () => approve('C-B', 'R-1', 'moved-here'),
  },
  {
    reason: 'roll R-5 is not recorded as lost or gone any more',
    name: 'found: the roll was not scanned',
    attempt: () => approve('C-O', 'R-5', 'found'),
    allowedGiven: () => [scan('C-O', 'R-5')],
    allowed: () => approve('C-O', 'R-5', 'found'),
  },
  {
    reason: 'roll R-1 is not recorded as lost or gone any more',
    name: 'found: the roll is in stock',
    given: () => [scan('C-O', 'R-1', 'R-5')],
    attempt: () => approve('C-O', 'R-1', 'found'),
    allowed: () => approve('C-O', 'R-5', 'found'),
  },
])
