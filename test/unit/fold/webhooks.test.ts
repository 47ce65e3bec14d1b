import { PIN } from './fixture.js'
import { foldTable, op } from './table.js'

// The integration's operations: the sending node, and inbound webhooks applied once.
const erp = op('people.add', { id: 'erp', name: 'ERP', role: 'integration', pinHash: PIN })
const received = (id: string, by = 'erp') => op('webhooks.received', { id, type: 'customer.created' }, by)

foldTable('webhooks: every rejection reason of the fold', [
  {
    reason: 'webhook msg_1 was applied already',
    given: () => [erp, received('msg_1')],
    attempt: () => received('msg_1'),
    allowed: () => received('msg_2'),
  },
  {
    reason: 'a manager may not webhooks.received',
    kind: 'forbidden',
    given: () => [erp],
    attempt: () => received('msg_3', 'max'),
    allowed: () => received('msg_3', 'erp'),
  },
  {
    reason: 'only a node itself makes webhooks.sender',
    kind: 'forbidden',
    attempt: () => op('webhooks.sender', {}, 'admin'),
    allowed: () => op('webhooks.sender', {}, '@system'),
  },
  {
    reason: 'only the first admin is added by the node',
    name: 'the node adds the integration person, and no one else',
    attempt: () => op('people.add', { id: 'erp', name: 'ERP', role: 'manager', pinHash: PIN }, '@system'),
    allowed: () => op('people.add', { id: 'erp', name: 'ERP', role: 'integration', pinHash: PIN }, '@system'),
  },
  {
    reason: 'a integration may not orders.cancel',
    kind: 'forbidden',
    given: () => [erp],
    attempt: () => op('orders.cancel', { order: 'SO-1', reason: 'from outside' }, 'erp'),
    allowed: () =>
      op('orders.create', { id: 'SO-77', customer: null, lines: [{ sku: 'POP', quality: null, color: null, milli: 1000 }] }, 'erp'),
  },
])
