import { PIN } from './fixture.js'
import { foldTable, op } from './table.js'

const BADGE = 'c'.repeat(64)

foldTable('people: every rejection reason of the fold', [
  {
    reason: 'person pia exists already',
    attempt: () => op('people.add', { id: 'pia', name: 'Pia', role: 'picker', pinHash: PIN }),
    allowed: () => op('people.add', { id: 'pat', name: 'Pat', role: 'picker', pinHash: PIN }),
  },
  {
    reason: 'no person nobody',
    name: 'no person nobody (setRole)',
    attempt: () => op('people.setRole', { id: 'nobody', role: 'manager' }),
    allowed: () => op('people.setRole', { id: 'pia', role: 'manager' }),
  },
  {
    reason: 'no person nobody',
    name: 'no person nobody (setBadge)',
    attempt: () => op('people.setBadge', { id: 'nobody', badgeHash: BADGE }),
    allowed: () => op('people.setBadge', { id: 'pia', badgeHash: BADGE }),
  },
  {
    reason: 'person ria was removed',
    attempt: () => op('people.remove', { id: 'ria' }),
    allowed: () => op('people.remove', { id: 'pia' }),
  },
  {
    reason: 'person ria was removed',
    name: 'person ria was removed (setPin by an admin)',
    attempt: () => op('people.setPin', { id: 'ria', pinHash: PIN }),
    allowed: () => op('people.setPin', { id: 'pia', pinHash: PIN }),
  },
  {
    reason: 'only the person or an admin may change a PIN',
    kind: 'forbidden',
    attempt: () => op('people.setPin', { id: 'kim', pinHash: PIN }, 'pia'),
    allowed: () => op('people.setPin', { id: 'pia', pinHash: PIN }, 'pia'),
  },
  {
    reason: 'an admin cannot take away their own admin role',
    kind: 'forbidden',
    attempt: () => op('people.setRole', { id: 'admin', role: 'manager' }),
    allowed: () => op('people.setRole', { id: 'admin', role: 'admin' }),
  },
  {
    reason: 'an admin cannot remove themselves',
    kind: 'forbidden',
    attempt: () => op('people.remove', { id: 'admin' }),
    allowed: () => op('people.remove', { id: 'max' }),
  },
])
