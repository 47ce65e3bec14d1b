import { describe, expect, it } from 'vitest'
import { formatQuantity, parseQuantity, QuantityError, type QuantityOptions } from '../../protocol/quantity.js'

const M: QuantityOptions = { unit: 'm' }

/** [typed, options, thousandths] — what people type, and what it must mean. */
const READ: Array<[string, QuantityOptions, number]> = [
  ['1.000,50', M, 1_000_500],
  ['1,000.50', M, 1_000_500],
  ['1.720', M, 1_720_000],
  ['1.720 MT', M, 1_720_000],
  ['10,5 mt', M, 10_500],
  ['10.5', M, 10_500],
  ['10,5', M, 10_500],
  ['42', M, 42_000],
  ['42 m', M, 42_000],
  ['42m', M, 42_000],
  ['42 Mt.', M, 42_000],
  ['  7  ', M, 7_000],
  ['0,75', M, 750],
  ['0.720', M, 720],
  ['0,720', M, 720],
  ['.5', M, 500],
  [',5', M, 500],
  ['1.000.000', M, 1_000_000_000],
  ['1,000,000', M, 1_000_000_000],
  ['1.234.567,891', M, 1_234_567_891],
  ['1,234,567.891', M, 1_234_567_891],
  ['1 000', M, 1_000_000],
  ['1 000,5', M, 1_000_500],
  ["1'000.25", M, 1_000_250],
  ['12.345', M, 12_345_000], // a single dot before three digits groups thousands
  ['1.72', M, 1_720],
  ['+5', M, 5_000],
  ['25 kg', { unit: 'kg' }, 25_000],
  ['2,5 KG', { unit: 'kg' }, 2_500],
  ['12 pcs', { unit: 'pcs' }, 12_000],
  ['12 adet', { unit: 'pcs' }, 12_000],
  ['1.000 pcs', { unit: 'pcs' }, 1_000_000],
  ['0', { unit: 'm', allowZero: true }, 0],
  ['-3,5', { unit: 'm', allowNegative: true }, -3_500],
  ['-1.720 mt', { unit: 'm', allowNegative: true }, -1_720_000],
  ['１２', M, 12_000], // full-width digits from some keyboards and scanners
]

/** [typed, options, what the refusal must say] */
const REFUSED: Array<[string, QuantityOptions, RegExp]> = [
  ['', M, /type a quantity/],
  ['   ', M, /type a quantity/],
  ['abc', M, /is not a quantity/],
  ['1,720', M, /could be 1720 or 1\.720/],
  ['12,500', M, /could be 12500 or 12\.500/],
  ['1.2.3', M, /grouped by three/],
  ['1,00.5', M, /grouped by three/],
  ['1.000,5,5', M, /two decimal marks/],
  ['10.', M, /ends with a mark/],
  ['10,', M, /ends with a mark/],
  ['-5', M, /cannot be negative/],
  ['0', M, /more than zero/],
  ['0,000', M, /more than zero/],
  ['5 kg', M, /counted in m, not kg/],
  ['5 m', { unit: 'pcs' }, /counted in pcs, not m/],
  ['5 yards', M, /"yards" is not a unit/],
  ['2,5 pcs', { unit: 'pcs' }, /pieces are counted whole/],
  ['3.14159', M, /more than three decimals/],
  ['1.7201', M, /more than three decimals/],
  ['1 00', M, /three digits/],
  ['99999999999', M, /too large/],
  ['5 5', M, /three digits/],
  ['1e5', M, /is not a unit|not a quantity/],
  ['0x10', M, /is not a unit|not a quantity/],
  ['--5', { unit: 'm', allowNegative: true }, /not a quantity/],
]

describe('the quantity parser', () => {
  it(`has at least 40 cases (${READ.length + REFUSED.length})`, () => {
    expect(READ.length + REFUSED.length).toBeGreaterThanOrEqual(40)
  })
  it.each(READ)('%j reads as expected', (typed, options, milli) => {
    expect(parseQuantity(typed, options)).toEqual({ milli, unit: options.unit })
  })
  it.each(REFUSED)('%j is refused', (typed, options, message) => {
    expect(() => parseQuantity(typed, options)).toThrow(QuantityError)
    expect(() => parseQuantity(typed, options)).toThrow(message)
  })
  it('formats for people: 1.720 MT reads back as 1,720 m', () => {
    expect(formatQuantity(parseQuantity('1.720 MT', M))).toBe('1,720 m')
    expect(formatQuantity({ milli: 1_000_500, unit: 'm' })).toBe('1,000.5 m')
    expect(formatQuantity({ milli: -3_500, unit: 'kg' })).toBe('-3.5 kg')
    expect(formatQuantity({ milli: 12_000, unit: 'pcs' })).toBe('12 pcs')
  })
  it('what it formats, it reads back the same', () => {
    for (const milli of [1, 999, 1_000, 1_720_000, 1_000_500, 123_456_789]) {
      const shown = formatQuantity({ milli, unit: 'm' }).replace(' m', '')
      // the formatted form uses "," for thousands and "." for decimals, which the parser reads by position
      if (shown.includes(',') && !shown.includes('.')) continue // "1,720" alone is the refused ambiguous form
      expect(parseQuantity(shown, M).milli, shown).toBe(milli)
    }
  })
})
