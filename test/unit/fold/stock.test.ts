import { foldTable, op } from './table.js'

const receive = (p: { sku?: string; location?: string; supplier?: string | null; codes?: string[] }) =>
  op(
    'stock.receive',
    {
      sku: p.sku ?? 'POP',
      lot: 'L2',
      location: p.location ?? 'A-01',
      supplier: p.supplier ?? null,
      rolls: (p.codes ?? ['R-7']).map((code) => ({ code, milli: 1000 })),
    },
    'pia',
  )

foldTable('stock: every rejection reason of stock.receive', [
  { reason: 'no product NOPE', attempt: () => receive({ sku: 'NOPE' }), allowed: () => receive({ sku: 'KET' }) },
  { reason: 'no location Z-99', attempt: () => receive({ location: 'Z-99' }), allowed: () => receive({ location: 'B-01' }) },
  { reason: 'no partner NOBODY', attempt: () => receive({ supplier: 'NOBODY' }), allowed: () => receive({ supplier: 'SUP' }) },
  {
    reason: 'two rolls have the same code',
    attempt: () => receive({ codes: ['R-7', 'R-7'] }),
    allowed: () => receive({ codes: ['R-7', 'R-8'] }),
  },
  {
    reason: 'roll POP: code POP is already the product POP',
    attempt: () => receive({ codes: ['R-7', 'POP'] }),
    allowed: () => receive({ codes: ['R-7', 'POP-R'] }),
  },
  {
    reason: 'roll LOC-A01: code LOC-A01 is already the location A-01',
    attempt: () => receive({ codes: ['LOC-A01'] }),
    allowed: () => receive({ codes: ['LOC-A02'] }),
  },
])
