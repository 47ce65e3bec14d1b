import { PIN } from './fixture.js'
import { foldTable, op } from './table.js'

const BADGE = 'c'.repeat(64)

foldTable('people: every rejection reason of the fold', [
  {
    reason: 'person pia exists already',
    attempt: () => op('person.add', { id: 'pia', name: 'Pia', role: 'picker', pinHash: PIN }),
    allowed: () => op('person.add', { id: 'pat', name: 'Pat', role: 'picker', pinHash: PIN }),
  },
  {
    reason: 'no person nobody',
    name: 'no person nobody (setRole)',
    attempt: () => op('person.setRole', { id: 'nobody', role: 'manager' }),
    allowed: () => op('person.setRole', { id: 'pia', role: 'manager' }),
  },
  {
    reason: 'no person nobody',
    name: 'no person nobody (setBadge)',
    attempt: () => op('person.setBadge', { id: 'nobody', badgeHash: BADGE }),
    allowed: () => op('person.setBadge', { id: 'pia', badgeHash: BADGE }),
  },
  {
    reason: 'person ria was removed',
    attempt: () => op('person.remove', { id: 'ria' }),
    allowed: () => op('person.remove', { id: 'pia' }),
  },
  {
    reason: 'person ria was removed',
    name: 'person ria was removed (setPin by an admin)',
    attempt: () => op('person.setPin', { id: 'ria', pinHash: PIN }),
    allowed: () => op('person.setPin', { id: 'pia', pinHash: PIN }),
  },
  {
    reason: 'only the person or an admin may change a PIN',
    kind: 'forbidden',
    attempt: () => op('person.setPin', { id: 'kim', pinHash: PIN }, 'pia'),
    allowed: () => op('person.setPin', { id: 'pia', pinHash: PIN }, 'pia'),
  },
  {
    reason: 'an admin cannot take away their own admin role',
    kind: 'forbidden',
    attempt: () => op('person.setRole', { id: 'admin', role: 'manager' }),
    allowed: () => op('person.setRole', { id: 'admin', role: 'admin' }),
  },
  {
    reason: 'an admin cannot remove themselves',
    kind: 'forbidden',
    attempt: () => op('person.remove', { id: 'admin' }),
    allowed: () => op('person.remove', { id: 'max' }),
  },
])
