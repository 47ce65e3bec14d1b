import { line } from './fixture.js'
import { foldTable, op } from './table.js'

const create = (id: string, customer: string | null = null, sku = 'POP') => op('orders.create', { id, customer, lines: [line(sku)] }, 'max')
const cancel = (order: string) => op('orders.cancel', { order, reason: 'changed' }, 'max')
const fulfil = (order: string, ...rolls: string[]) => op('orders.fulfil', { order, rolls }, 'pia')
const reserve = (order: string, rolls: string[], at = 0) => op('orders.reserve', { order, line: at, rolls }, 'max')
const release = (order: string, ...rolls: string[]) => op('orders.release', { order, rolls }, 'max')

foldTable('orders: every rejection reason of orders, reservations and fulfilment', [
  { reason: 'no order SO-404', attempt: () => cancel('SO-404'), allowed: () => cancel('SO-2') },
  { reason: 'order SO-3 is fulfilled already', attempt: () => cancel('SO-3'), allowed: () => cancel('SO-2') },
  { reason: 'order SO-4 is cancelled already', attempt: () => fulfil('SO-4', 'R-1'), allowed: () => fulfil('SO-2', 'R-1') },
  { reason: 'order SO-1 exists already', attempt: () => create('SO-1'), allowed: () => create('SO-7') },
  { reason: 'no partner NOBODY', attempt: () => create('SO-7', 'NOBODY'), allowed: () => create('SO-7', 'SUP') },
  { reason: 'line 1: no product NOPE', attempt: () => create('SO-7', null, 'NOPE'), allowed: () => create('SO-7', null, 'KET') },
  { reason: 'order SO-2 has no line 2', attempt: () => reserve('SO-2', ['R-1'], 1), allowed: () => reserve('SO-2', ['R-1'], 0) },
  { reason: 'no roll R-404', attempt: () => reserve('SO-2', ['R-1', 'R-404']), allowed: () => reserve('SO-2', ['R-1', 'R-6']) },
  { reason: 'roll R-3 is picked', attempt: () => reserve('SO-2', ['R-3']), allowed: () => reserve('SO-2', ['R-1']) },
  { reason: 'roll R-4 is gone', attempt: () => reserve('SO-2', ['R-4']), allowed: () => reserve('SO-2', ['R-1']) },
  { reason: 'roll R-2 is held for order SO-1', attempt: () => reserve('SO-2', ['R-2']), allowed: () => reserve('SO-2', ['R-1']) },
  { reason: 'roll K-1 (KET) does not serve line 1', attempt: () => reserve('SO-2', ['K-1']), allowed: () => reserve('SO-2', ['R-1']) },
  {
    reason: 'roll R-1 is not held for order SO-1',
    name: 'roll R-1 is not held for order SO-1 (held by no order)',
    attempt: () => release('SO-1', 'R-1'),
    allowed: () => release('SO-1', 'R-2'),
  },
  {
    reason: 'roll R-2 is not held for order SO-2',
    name: 'roll R-2 is not held for order SO-2 (held for another)',
    attempt: () => release('SO-2', 'R-2'),
    allowed: () => release('SO-1', 'R-2'),
  },
  {
    reason: 'roll R-3 is not held for order SO-1',
    name: 'roll R-3 is not held for order SO-1 (picked for it)',
    attempt: () => release('SO-1', 'R-3'),
    allowed: () => release('SO-1', 'R-2'),
  },
  { reason: 'a roll is listed twice', attempt: () => fulfil('SO-2', 'R-1', 'R-1'), allowed: () => fulfil('SO-2', 'R-1', 'R-6') },
  { reason: 'no roll R-404', name: 'no roll R-404 (fulfil)', attempt: () => fulfil('SO-2', 'R-404'), allowed: () => fulfil('SO-2', 'R-6') },
])
