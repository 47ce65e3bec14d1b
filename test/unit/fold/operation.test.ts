import type { Envelope } from '../../../protocol/index.js'
import { foldTable, op, stampAs, type Step } from './table.js'
import type { Fixture } from './fixture.js'

/** The checks every operation passes before its rule: envelope, writer, person, role. */
const note = (by = 'admin', from?: string): Step => op('notes.post', { text: 'hello' }, by, from)
const envelope =
  (change: (e: Envelope, fx: Fixture) => unknown, from?: (fx: Fixture) => string) =>
  (fx: Fixture): Step => ({
    envelope: () => change(stampAs(fx.node, { type: 'notes.post', payload: { text: 'hello' } }, 'pia', from?.(fx) ?? fx.node.nodeKey), fx),
    ...(from === undefined ? {} : { from: from(fx) }),
  })
const add = (key: string): Step => op('mesh.addNode', { key, name: 'other node', swarmKey: key })

foldTable('every operation: envelope, writer, person and role', [
  {
    reason: 'malformed operation: id: Invalid input: expected string, received undefined',
    attempt: envelope((e) => ({ ...e, id: undefined })),
    allowed: envelope((e) => e),
  },
  {
    reason: 'operation names another node than the log it is in',
    attempt: envelope((e, fx) => ({ ...e, node: fx.keys.a })),
    allowed: envelope((e) => e),
  },
  {
    reason: 'the node is not a writer of this site',
    attempt: (fx) => note('pia', fx.keys.a),
    allowedGiven: (fx) => [add(fx.keys.a)],
    allowed: (fx) => note('pia', fx.keys.a),
  },
  {
    reason: 'the node was removed from the site',
    given: (fx) => [add(fx.keys.a), op('mesh.removeNode', { key: fx.keys.a })],
    attempt: (fx) => note('pia', fx.keys.a),
    allowedGiven: (fx) => [add(fx.keys.a)],
    allowed: (fx) => note('pia', fx.keys.a),
  },
  {
    reason: 'invalid notes.post: text: Too small: expected string to have >=1 characters',
    attempt: () => op('notes.post', { text: '   ' }, 'pia'),
    allowed: () => op('notes.post', { text: ' a ' }, 'pia'),
  },
  {
    reason: 'only people make this operation',
    kind: 'forbidden',
    attempt: () => note('@system'),
    allowed: () => note('admin'),
  },
  {
    reason: 'person ghost is unknown or was removed',
    attempt: () => note('ghost'),
    allowed: () => note('pia'),
  },
  {
    reason: 'person ria is unknown or was removed',
    attempt: () => note('ria'),
    allowed: () => note('pia'),
  },
  {
    reason: 'only the node itself creates a site',
    kind: 'forbidden',
    on: 'empty',
    given: (fx) => [
      op('site.create', { name: 'Site', nodeName: 'n0', swarmKey: fx.keys.a }, '@system'),
      op(
        'people.add',
        { id: 'admin', name: 'Admin', role: 'admin', pinHash: `scrypt$16384$8$1$${'0'.repeat(32)}$${'1'.repeat(64)}` },
        '@system',
      ),
    ],
    attempt: (fx) => op('site.create', { name: 'Site', nodeName: 'n0', swarmKey: fx.keys.a }, 'admin'),
    allowedGiven: () => [],
    allowed: (fx) => op('site.create', { name: 'Site', nodeName: 'n0', swarmKey: fx.keys.a }, '@system'),
  },
  {
    reason: 'only a node itself makes printing.announce',
    kind: 'forbidden',
    attempt: () => op('printing.announce', { id: 'p-2', name: 'Another', profile: 'escpos-80-tr' }, 'admin'),
    allowed: () => op('printing.announce', { id: 'p-2', name: 'Another', profile: 'escpos-80-tr' }, '@system'),
  },
  {
    reason: 'a picker may not orders.create',
    kind: 'forbidden',
    attempt: () =>
      op('orders.create', { id: 'SO-9', customer: null, lines: [{ sku: 'POP', quality: null, color: null, milli: 1 }] }, 'pia'),
    allowed: () =>
      op('orders.create', { id: 'SO-9', customer: null, lines: [{ sku: 'POP', quality: null, color: null, milli: 1 }] }, 'max'),
  },
  {
    reason: 'a kitchen may not picking.scan',
    kind: 'forbidden',
    attempt: () => op('picking.scan', { order: 'SO-2', roll: 'R-1', location: 'A-01' }, 'kim'),
    allowed: () => op('picking.scan', { order: 'SO-2', roll: 'R-1', location: 'A-01' }, 'pia'),
  },
  {
    reason: 'a manager may not people.add',
    kind: 'forbidden',
    attempt: () =>
      op('people.add', { id: 'pat', name: 'Pat', role: 'picker', pinHash: `scrypt$16384$8$1$${'0'.repeat(32)}$${'1'.repeat(64)}` }, 'max'),
    allowed: () =>
      op(
        'people.add',
        { id: 'pat', name: 'Pat', role: 'picker', pinHash: `scrypt$16384$8$1$${'0'.repeat(32)}$${'1'.repeat(64)}` },
        'admin',
      ),
  },
])
