import { product } from './fixture.js'
import { foldTable, op } from './table.js'

const products = (...list: unknown[]) => op('catalog.products.upsert', { products: list }, 'max')
const location = (code: string, barcode: string | null) =>
  op('catalog.locations.upsert', { locations: [{ code, barcode, rack: 'C', bin: '01' }] }, 'max')

foldTable('catalog: every rejection reason of the fold', [
  {
    reason: 'product POP: its unit is m; a unit never changes under stock',
    attempt: () => products(product('POP', 'kg', ['8690000000011'])),
    allowed: () => products(product('POP', 'm', ['8690000000011'])),
  },
  {
    reason: 'product NEW: code 8690000000011 is already the product POP',
    attempt: () => products(product('NEW', 'm', ['8690000000011'])),
    allowed: () => products(product('NEW', 'm', ['8690000000099'])),
  },
  {
    reason: 'product NEW: code NEW is already the location NEW',
    name: 'a SKU that is already a location code',
    given: () => [location('NEW', null)],
    attempt: () => products(product('NEW')),
    allowed: () => products(product('NEW2')),
  },
  {
    reason: 'location C-01: code LOC-A01 is already the location A-01',
    attempt: () => location('C-01', 'LOC-A01'),
    allowed: () => location('C-01', 'LOC-C01'),
  },
  {
    reason: 'location POP: code POP is already the product POP',
    attempt: () => location('POP', null),
    allowed: () => location('POP-SHELF', null),
  },
])
