import type { PrintDocument } from '../../printers/index.js'

/** One of each document, with Turkish and Western European text where people would type it. */
export const DOCUMENTS = {
  'roll-label': {
    kind: 'roll-label',
    name: 'Kumaş Poplin',
    sku: 'POP-120-NV',
    attributes: [
      ['quality', 'A'],
      ['color', 'lacivert'],
    ],
    quantity: '1,720 m',
    lot: 'L2026-114',
    code: 'ROLL-2026-000123',
    symbology: 'code128',
  },
  'location-label': { kind: 'location-label', code: 'C-04-2', rack: 'C', bin: '04-2' },
  'kds-chit': {
    kind: 'kds-chit',
    ticket: 'T-0042',
    station: 'grill',
    label: 'table 4',
    placedAt: '12:31',
    items: [
      { qty: 2, name: 'Adana dürüm', modifiers: ['acısız', 'no onion'] },
      { qty: 1, name: 'Crème brûlée', modifiers: [], note: 'birthday: add a candle' },
    ],
    note: 'allergy: sesame (susam) at this table, keep the grill side clean',
  },
  'pick-list': {
    kind: 'pick-list',
    order: 'SO-1042',
    customer: 'Öztürk Tekstil Ltd. Şti.',
    lines: [
      {
        location: 'A-01-1',
        product: 'POP-120-NV',
        description: 'Poplin navy quality A',
        quantity: '120 m',
        rolls: ['ROLL-2026-000123', 'ROLL-2026-000124'],
      },
      {
        location: 'C-04-2',
        product: 'SAT-090-RD',
        description: 'Saten kırmızı, extra wide finish for the long description',
        quantity: '45,5 m',
        rolls: [],
      },
    ],
  },
  'count-sheet': {
    kind: 'count-sheet',
    location: 'C-04-2',
    session: 'CNT-2026-11-23-1',
    lines: [
      { product: 'POP-120-NV', description: 'Poplin navy', lot: 'L2026-114', expected: '3 rolls / 410 m' },
      { product: 'SAT-090-RD', description: 'Saten kırmızı', lot: 'L2026-120', expected: '1 roll / 45,5 m' },
    ],
  },
} as const satisfies Record<string, PrintDocument>
