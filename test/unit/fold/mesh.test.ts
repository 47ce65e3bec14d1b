import { foldTable, op, type Step } from './table.js'
import type { Fixture } from './fixture.js'

/** writer.add and writer.remove: the site's writers (mesh). */
const add = (key: string): Step => op('mesh.addNode', { key, name: `node ${key.slice(0, 2)}`, swarmKey: key })
const remove = (key: string): Step => op('mesh.removeNode', { key })
const a = (fx: Fixture) => fx.keys.a
const b = (fx: Fixture) => fx.keys.b

foldTable('mesh: every rejection reason of writer.add and writer.remove', [
  {
    reason: 'a removed node cannot rejoin: pair it again as a new node',
    given: (fx) => [add(a(fx)), remove(a(fx))],
    attempt: (fx) => add(a(fx)),
    allowed: (fx) => add(b(fx)),
  },
  {
    reason: 'that node is a writer already',
    given: (fx) => [add(a(fx))],
    attempt: (fx) => add(a(fx)),
    allowed: (fx) => add(b(fx)),
  },
  {
    reason: 'that node is not a writer of this site',
    attempt: (fx) => remove(a(fx)),
    allowedGiven: (fx) => [add(a(fx))],
    allowed: (fx) => remove(a(fx)),
  },
  {
    reason: 'that node was removed already',
    given: (fx) => [add(a(fx)), remove(a(fx))],
    attempt: (fx) => remove(a(fx)),
    allowedGiven: (fx) => [add(a(fx))],
    allowed: (fx) => remove(a(fx)),
  },
  {
    reason: 'the last indexer of the site cannot be removed',
    given: (fx) => [add(a(fx))],
    attempt: (fx) => remove(fx.node.nodeKey),
    allowed: (fx) => remove(a(fx)),
  },
])
