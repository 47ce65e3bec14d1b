import { foldTable, op } from './table.js'
import { STATES, add, advance, bump, cancel, fire, hold, item, kitchen, later, recall, resume, serve, start } from './kitchen.js'

/**
 * Every illegal transition of a kitchen ticket, each beside the nearest legal one (the legal
 * transitions and what they make: tickets-flow.test.ts). The cancel rows are the rule behind
 * "a bump after a cancel made on another node is rejected the same way on every node".
 */
const CANCELLED = 'ticket T was cancelled by kim (customer left)'
const SERVED = 'ticket T was served already'
const HELD = 'ticket T is on hold (by kim): resume it first'

/** 51 more tickets served after T: T is no longer among the last 50. */
const fiftyOneMore = () =>
  Array.from({ length: 51 }, (_, i) => [fire(`U${i}`, [item('burger')]), bump('grill', `U${i}`), serve(`U${i}`)]).flat()

foldTable('tickets: every illegal transition', [
  { reason: 'ticket T exists already', given: STATES.new, attempt: () => fire(), allowed: () => fire('T2') },
  { reason: 'no shift nope', given: kitchen, attempt: () => fire('T', undefined, 'nope'), allowed: () => fire('T', undefined, null) },
  {
    reason: 'no menu item pizza',
    given: kitchen,
    attempt: () => fire('T', [{ ...item('burger'), item: 'pizza' }]),
    allowed: () => fire('T', [item('burger')]),
  },
  { reason: 'no kitchen station oven', given: kitchen, attempt: () => fire('T', [item('burger', 1, 'oven')]), allowed: () => fire() },
  {
    reason: 'Burger: expo is an expo station, items are made at a prep station',
    given: kitchen,
    attempt: () => fire('T', [item('burger', 1, 'expo')]),
    allowed: () => fire(),
  },
  {
    reason: 'a picker may not tickets.fire',
    kind: 'forbidden',
    given: kitchen,
    attempt: () => fire('T', undefined, 'lunch', 'pia'),
    allowed: () => fire(),
  },
  { reason: 'no ticket NOPE', given: kitchen, attempt: () => bump('grill', 'NOPE'), allowed: () => fire('NOPE') },
  // added items: only to an open ticket
  {
    reason: SERVED,
    name: 'add to a served ticket',
    given: STATES.served,
    attempt: () => add(),
    allowed: () => add(),
    allowedGiven: STATES.ready,
  },
  {
    reason: CANCELLED,
    name: 'add to a cancelled ticket',
    given: STATES.cancelled,
    attempt: () => add(),
    allowed: () => add(),
    allowedGiven: STATES.new,
  },
  // start
  {
    reason: 'ticket T is ready already',
    given: STATES.ready,
    attempt: () => start('grill'),
    allowed: () => start('grill'),
    allowedGiven: STATES.new,
  },
  {
    reason: HELD,
    name: 'start a held ticket',
    given: STATES.held,
    attempt: () => start('grill'),
    allowed: () => start('grill'),
    allowedGiven: () => [...STATES.held(), resume()],
  },
  {
    reason: CANCELLED,
    name: 'start a cancelled ticket',
    given: STATES.cancelled,
    attempt: () => start('grill'),
    allowed: () => start('grill'),
    allowedGiven: STATES.new,
  },
  // bump
  {
    reason: CANCELLED,
    name: 'bump a cancelled ticket',
    given: STATES.cancelled,
    attempt: () => bump('grill'),
    allowed: () => bump('grill'),
    allowedGiven: STATES.new,
  },
  {
    reason: CANCELLED,
    name: 'bump after a cancel of an in-progress ticket',
    given: () => [...STATES['in-progress'](), cancel()],
    attempt: () => bump('cold'),
    allowed: () => bump('cold'),
    allowedGiven: STATES['in-progress'],
  },
  {
    reason: SERVED,
    name: 'bump a served ticket',
    given: STATES.served,
    attempt: () => bump('grill'),
    allowed: () => bump('grill'),
    allowedGiven: STATES.new,
  },
  {
    reason: HELD,
    name: 'bump a held ticket',
    given: STATES.held,
    attempt: () => bump('grill'),
    allowed: () => bump('grill'),
    allowedGiven: () => [...STATES.held(), resume()],
  },
  { reason: 'nothing left for grill on ticket T', given: STATES['in-progress'], attempt: () => bump('grill'), allowed: () => bump('cold') },
  {
    reason: 'no kitchen station oven',
    name: 'bump at no station',
    given: STATES.new,
    attempt: () => bump('oven'),
    allowed: () => bump('grill'),
  },
  {
    reason: 'ticket T is not ready: cold still making',
    given: STATES['in-progress'],
    attempt: () => bump('expo'),
    allowed: () => bump('expo'),
    allowedGiven: STATES.ready,
  },
  // serve
  {
    reason: 'ticket T is not ready: grill, cold still making',
    given: STATES.new,
    attempt: () => serve(),
    allowed: () => serve(),
    allowedGiven: STATES.ready,
  },
  {
    reason: HELD,
    name: 'serve a held ready ticket',
    given: () => [...STATES.ready(), hold()],
    attempt: () => serve(),
    allowed: () => serve(),
    allowedGiven: STATES.ready,
  },
  { reason: SERVED, name: 'serve twice', given: STATES.served, attempt: () => serve(), allowed: () => serve(), allowedGiven: STATES.ready },
  {
    reason: CANCELLED,
    name: 'serve a cancelled ticket',
    given: STATES.cancelled,
    attempt: () => serve(),
    allowed: () => serve(),
    allowedGiven: STATES.ready,
  },
  // hold and resume
  { reason: 'ticket T is on hold already', given: STATES.held, attempt: () => hold(), allowed: () => resume() },
  {
    reason: SERVED,
    name: 'hold a served ticket',
    given: STATES.served,
    attempt: () => hold(),
    allowed: () => hold(),
    allowedGiven: STATES.ready,
  },
  {
    reason: CANCELLED,
    name: 'hold a cancelled ticket',
    given: STATES.cancelled,
    attempt: () => hold(),
    allowed: () => hold(),
    allowedGiven: STATES.new,
  },
  { reason: 'ticket T is not on hold', given: STATES.new, attempt: () => resume(), allowed: () => hold() },
  {
    reason: CANCELLED,
    name: 'resume a cancelled ticket',
    given: () => [...STATES.held(), cancel()],
    attempt: () => resume(),
    allowed: () => resume(),
    allowedGiven: STATES.held,
  },
  // cancel
  {
    reason: 'ticket T was served: recall it before cancelling',
    given: STATES.served,
    attempt: () => cancel(),
    allowed: () => cancel(),
    allowedGiven: () => [...STATES.served(), recall(null)],
  },
  {
    reason: 'ticket T was cancelled already',
    given: STATES.cancelled,
    attempt: () => cancel(),
    allowed: () => cancel(),
    allowedGiven: STATES.new,
  },
  // recall
  {
    reason: 'ticket T is ready, not served',
    given: STATES.ready,
    attempt: () => recall(null),
    allowed: () => recall(null),
    allowedGiven: STATES.served,
  },
  {
    reason: 'ticket T is cancelled, not served',
    given: STATES.cancelled,
    attempt: () => recall('expo'),
    allowed: () => recall('expo'),
    allowedGiven: STATES.served,
  },
  {
    reason: 'grill has no bump on ticket T to recall',
    given: STATES.new,
    attempt: () => recall('grill'),
    allowed: () => recall('grill'),
    allowedGiven: STATES['in-progress'],
  },
  {
    reason: SERVED,
    name: 'recall a station bump of a served ticket',
    given: STATES.served,
    attempt: () => recall('grill'),
    allowed: () => recall('grill'),
    allowedGiven: STATES.ready,
  },
  {
    reason: CANCELLED,
    name: 'recall a station bump of a cancelled ticket',
    given: () => [...STATES['in-progress'](), cancel()],
    attempt: () => recall('grill'),
    allowed: () => recall('grill'),
    allowedGiven: STATES['in-progress'],
  },
  {
    reason: 'ticket T was served too long ago to recall (15 minutes, or the last 50)',
    name: 'recall past 15 minutes and 50 tickets later',
    given: () => [...STATES.served(), ...fiftyOneMore()],
    attempt: () => later(recall(null), 16 * 60_000),
    // within the last 50 served, 16 minutes on is still fine; within 15 minutes, 51 tickets later too
    allowed: () => later(recall(null), 16 * 60_000),
    allowedGiven: STATES.served,
  },
  {
    reason: 'ticket T was served too long ago to recall (15 minutes, or the last 50)',
    name: 'recall within 15 minutes though 51 tickets later',
    given: () => [...STATES.served(), ...fiftyOneMore()],
    attempt: () => later(recall(null), 16 * 60_000),
    allowed: () => recall(null),
  },
  // bulk advance
  {
    reason: 'none of these tickets is ready',
    given: () => [...STATES['in-progress'](), fire('T2')],
    attempt: () => advance('T', 'T2'),
    allowed: () => advance('T', 'T2'),
    allowedGiven: STATES.ready,
  },
  {
    reason: 'none of these tickets is ready',
    name: 'advance a held ready ticket',
    given: () => [...STATES.ready(), hold()],
    attempt: () => advance('T'),
    allowed: () => advance('T'),
    allowedGiven: STATES.ready,
  },
  {
    reason: 'a picker may not tickets.bump',
    kind: 'forbidden',
    given: STATES.new,
    attempt: () => op('tickets.bump', { ticket: 'T', station: 'grill' }, 'pia'),
    allowed: () => bump('grill'),
  },
])
