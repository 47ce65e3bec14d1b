import { foldTable, op } from './table.js'

const blob = { core: 'c3'.repeat(32), start: 0, blocks: 1 }
const add = (entity: string, hash = 'ab'.repeat(32)) => op('attachments.add', { entity, name: 'box.jpg', hash, size: 10, blob }, 'pia')

foldTable('attachments: every rejection reason of attachments.add', [
  { reason: 'no record NOPE to attach to', attempt: () => add('NOPE'), allowed: () => add('R-1') },
  {
    reason: 'R-1 has 100 attachments already',
    given: () => Array.from({ length: 100 }, (_, i) => add('R-1', i.toString(16).padStart(64, '0'))),
    attempt: () => add('R-1'),
    allowedGiven: () => Array.from({ length: 99 }, (_, i) => add('R-1', i.toString(16).padStart(64, '0'))),
    allowed: () => add('R-1'),
  },
])
