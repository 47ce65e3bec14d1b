import { PIN, type Fixture } from './fixture.js'
import { foldTable, op, type Step } from './table.js'

/** A site's first operations, folded over an empty view. */
const create = (fx: Fixture): Step => op('site.create', { name: 'Site', nodeName: 'n0', swarmKey: fx.keys.a }, '@system')
const addBySystem = (id: string, role: string): Step => op('people.add', { id, name: id, role, pinHash: PIN }, '@system')

foldTable('site: every rejection reason of the first operations', [
  {
    reason: 'a site is created only by its first operation',
    on: 'empty',
    given: (fx) => [create(fx)],
    attempt: (fx) => create(fx),
    allowedGiven: () => [],
    allowed: (fx) => create(fx),
  },
  {
    reason: 'only the first admin is added by the node',
    name: 'only the first admin is added by the node (a second one)',
    on: 'empty',
    given: (fx) => [create(fx), addBySystem('admin', 'admin')],
    attempt: () => addBySystem('boss', 'admin'),
    allowedGiven: (fx) => [create(fx)],
    allowed: () => addBySystem('boss', 'admin'),
  },
  {
    reason: 'only the first admin is added by the node',
    name: 'only the first admin is added by the node (not an admin)',
    on: 'empty',
    given: (fx) => [create(fx)],
    attempt: () => addBySystem('pia', 'picker'),
    allowed: () => addBySystem('pia', 'admin'),
  },
])
