import { foldTable, op } from './table.js'

/** Every rejection of shifts: check-in, pause, resume, checkout in that order. */
const checkIn = (id = 'lunch') => op('shifts.checkIn', { id, kind: 'truck', who: 'Truck 1' }, 'kim')
const step = (what: 'pause' | 'resume' | 'checkOut', shift = 'lunch') => op(`shifts.${what}`, { shift }, 'kim')

foldTable('shifts: every rejection reason', [
  { reason: 'shift lunch exists already', given: () => [checkIn()], attempt: () => checkIn(), allowed: () => checkIn('dinner') },
  { reason: 'no shift nope', attempt: () => step('pause', 'nope'), allowed: () => step('pause'), allowedGiven: () => [checkIn()] },
  { reason: 'shift lunch is paused', given: () => [checkIn(), step('pause')], attempt: () => step('pause'), allowed: () => step('resume') },
  {
    reason: 'shift lunch is closed',
    given: () => [checkIn(), step('checkOut')],
    attempt: () => step('pause'),
    allowed: () => step('pause'),
    allowedGiven: () => [checkIn()],
  },
  { reason: 'shift lunch is open, not paused', given: () => [checkIn()], attempt: () => step('resume'), allowed: () => step('pause') },
  {
    reason: 'shift lunch is closed, not paused',
    given: () => [checkIn(), step('checkOut')],
    attempt: () => step('resume'),
    allowed: () => step('resume'),
    allowedGiven: () => [checkIn(), step('pause')],
  },
  {
    reason: 'shift lunch was checked out already',
    given: () => [checkIn(), step('checkOut')],
    attempt: () => step('checkOut'),
    allowed: () => step('checkOut'),
    allowedGiven: () => [checkIn(), step('pause')],
  },
  { reason: 'a picker may not shifts.checkIn', kind: 'forbidden', attempt: () => ({ ...checkIn(), by: 'pia' }), allowed: () => checkIn() },
])
