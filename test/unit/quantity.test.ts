import { describe, expect, it } from 'vitest'
import { NUMBER_STYLES } from '../../protocol/number-style.js'
import { formatQuantity, parseQuantity, QuantityError, UNITS, type QuantityOptions } from '../../protocol/quantity.js'

const M: QuantityOptions = { unit: 'm' }
/** On a site that writes 1.234,5 (Turkish, German) and on one that writes 1,234.5 (English). */
const TR: QuantityOptions = { unit: 'm', style: 'comma' }
const EN: QuantityOptions = { unit: 'm', style: 'point' }

/** [typed, options, thousandths] — what people type, and what it must mean (no style unless TR or EN). */
const READ: Array<[string, QuantityOptions, number]> = [
  ['1.000,50', M, 1_000_500],
  ['1,000.50', M, 1_000_500],
  ['1.720', TR, 1_720_000],
  ['1.720 MT', TR, 1_720_000],
  ['1.720', EN, 1_720],
  ['1,720', EN, 1_720_000],
  ['1,720', TR, 1_720],
  ['1.234 kg', { unit: 'kg', style: 'point' }, 1_234], // seen: read as 1234 kg before sites had a style
  ['1.234 kg', { unit: 'kg', style: 'comma' }, 1_234_000],
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
  ['12.345', TR, 12_345_000], // a single dot before three digits groups thousands, on a comma site
  ['12.345', EN, 12_345],
  ['1.000,50', EN, 1_000_500], // both marks: the last is decimal, in any style
  ['1,000.50', TR, 1_000_500],
  ['10,5 mt', EN, 10_500], // one mark before one or two digits is decimal, in any style
  ['1.72', TR, 1_720],
  ['1.000.000', EN, 1_000_000_000], // one mark used twice groups, in any style
  ['1,000,000', TR, 1_000_000_000],
  ['0.720', TR, 720], // a group never starts with 0
  ['1234.567', TR, 1_234_567], // nor has four digits
  ["1'234.5", M, 1_234_500], // Swiss
  ['1\u2019234.5', M, 1_234_500], // Swiss, as newer ICU writes it
  ['1\u202f234,5', M, 1_234_500], // French: Intl's narrow no-break space
  ['1\u00a0234,5', M, 1_234_500], // a no-break space
  ['\u22123,5', { unit: 'm', allowNegative: true }, -3_500], // Intl's minus sign in some locales
  ['1.72', M, 1_720],
  ['+5', M, 5_000],
  ['25 kg', { unit: 'kg' }, 25_000],
  ['2,5 KG', { unit: 'kg' }, 2_500],
  ['12 pcs', { unit: 'pcs' }, 12_000],
  ['12 adet', { unit: 'pcs' }, 12_000],
  ['1.000 pcs', { unit: 'pcs', style: 'comma' }, 1_000_000],
  ['0', { unit: 'm', allowZero: true }, 0],
  ['-3,5', { unit: 'm', allowNegative: true }, -3_500],
  ['-1.720 mt', { unit: 'm', allowNegative: true, style: 'comma' }, -1_720_000],
  ['１２', M, 12_000], // full-width digits from some keyboards and scanners
]

/** [typed, options, what the refusal must say] */
const REFUSED: Array<[string, QuantityOptions, RegExp]> = [
  ['', M, /type a quantity/],
  ['   ', M, /type a quantity/],
  ['abc', M, /is not a quantity/],
  ['1,720', M, /^"1,720" could be 1720 or 1,72: this site has no number style, so write 1720 or 1,72 \(or ask an admin/],
  ['12,500', M, /could be 12500 or 12,5:/],
  ['1.720', M, /could be 1720 or 1\.72:/],
  [
    '1.234 kg',
    { unit: 'kg' },
    /could be 1234 or 1 and 234 thousandths: .* so write 1234 \(or ask an admin to set it: 1\.234,5 or 1,234\.5\)$/,
  ],
  ['1.000 pcs', { unit: 'pcs' }, /could be 1000 or 1\.0:/],
  ['-1.720 mt', { unit: 'm', allowNegative: true }, /could be 1720 or 1\.72/],
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
  ['1.7201', TR, /more than three decimals/],
  ['1,2345', EN, /more than three decimals/],
  ['1.2.3', EN, /grouped by three/],
  ["1'23.5", EN, /three digits/],
  ['1 00', M, /three digits/],
  ['99999999999', M, /too large/],
  ['5 5', M, /three digits/],
  ['1e5', M, /is not a unit|not a quantity/],
  ['0x10', M, /is not a unit|not a quantity/],
  ['--5', { unit: 'm', allowNegative: true }, /not a quantity/],
  // hostile or garbled, under every style: refused, never read
  ['1.,5', TR, /is not a number|grouped by three/],
  ['1,.5', EN, /is not a number|grouped by three/],
  [',,5', M, /not a quantity/],
  ['1.234.567.890.123', TR, /too large/],
  ['1,234,567,890,123', EN, /too large/],
  ['1.234,567.8', TR, /not a number|two decimal marks/],
  ["1'234'5", EN, /three digits/],
  ['1\u2019\u2019234', EN, /three digits/],
  ['1\u202f\u202f234', TR, /three digits/],
  ['\u2212\u22125', { unit: 'm', allowNegative: true, style: 'comma' }, /not a quantity/],
  ['0x1.234', TR, /not a unit|not a quantity/],
  ['1.234e3', EN, /not a unit|not a quantity/],
  ['Infinity', EN, /not a quantity/],
  ['NaN', TR, /not a quantity/],
  ['1.234'.repeat(20), TR, /two decimal marks|grouped by three|not a number|three decimals/],
]

/** Each refusal parseQuantity can give, one per `throw` / `new QuantityError` in protocol/quantity.ts. */
const REFUSALS: RegExp[] = [
  /^type a quantity$/,
  /is not a quantity: use digits/,
  /is not a unit: use m, kg or pcs$/,
  /^this is counted in \w+, not \w+$/,
  /^a quantity here cannot be negative$/,
  /^a quantity here must be more than zero$/,
  /is too large to be a quantity$/,
  /^pieces are counted whole$/,
  /must be followed by three digits$/,
  /has two decimal marks$/,
  /ends with a mark: type the decimals/,
  // not here: readAs's '"…" is not a number' is never the answer. When both readings fail, the one
  // kept is that of the last mark, whose fraction is digits only (seen: no input gives it, found
  // by this check); it stays in the parser as a guard
  /has more than three decimals$/,
  /thousands must be grouped by three/,
  /could be .+ or .+/,
]

describe('the quantity parser', () => {
  // Counting the rows of the tables above could not fail; this asks the parser itself: every
  // refusal it has (protocol/quantity.ts, one line each) is given by some row, and every unit and
  // style is read by some row. A refusal added to the parser without a row turns this red.
  it('every refusal of the parser, and every unit and style, is exercised by a row of the tables', () => {
    const given = REFUSED.map(([typed, options]) => {
      try {
        parseQuantity(typed, options)
        return `(read, not refused: ${typed})`
      } catch (e) {
        return (e as Error).message
      }
    })
    const missing = REFUSALS.filter((reason) => !given.some((message) => reason.test(message)))
    expect(missing, 'refusals of the parser that no row of REFUSED gives').toEqual([])
    const unknown = given.filter((message) => !REFUSALS.some((reason) => reason.test(message)))
    expect(unknown, 'messages not in REFUSALS: add the new refusal there').toEqual([])
    const read = READ.filter(([typed, options]) => parseQuantity(typed, options).unit === options.unit)
    expect(new Set(read.map(([, o]) => o.unit))).toEqual(new Set(UNITS))
    expect(new Set(read.map(([, o]) => o.style ?? 'none'))).toEqual(new Set([...NUMBER_STYLES, 'none']))
  })
  it.each(READ)('%j reads as expected', (typed, options, milli) => {
    expect(parseQuantity(typed, options)).toEqual({ milli, unit: options.unit })
  })
  it.each(REFUSED)('%j is refused', (typed, options, message) => {
    expect(() => parseQuantity(typed, options)).toThrow(QuantityError)
    expect(() => parseQuantity(typed, options)).toThrow(message)
  })
  it('formats for people: 1.720 MT reads back as 1,720 m, or 1.720 m on a comma site', () => {
    expect(formatQuantity(parseQuantity('1.720 MT', TR))).toBe('1,720 m')
    expect(formatQuantity(parseQuantity('1.720 MT', TR), 'comma')).toBe('1.720 m')
    expect(formatQuantity({ milli: 1_000_500, unit: 'm' })).toBe('1,000.5 m')
    expect(formatQuantity({ milli: 1_000_500, unit: 'm' }, 'point')).toBe('1,000.5 m')
    expect(formatQuantity({ milli: 1_000_500, unit: 'm' }, 'comma')).toBe('1.000,5 m')
    expect(formatQuantity({ milli: -3_500, unit: 'kg' })).toBe('-3.5 kg')
    expect(formatQuantity({ milli: -3_500, unit: 'kg' }, 'comma')).toBe('-3,5 kg')
    expect(formatQuantity({ milli: 12_000, unit: 'pcs' })).toBe('12 pcs')
  })
  it('what it formats in a style, it reads back the same in that style', () => {
    for (const style of ['comma', 'point'] as const) {
      for (const milli of [1, 999, 1_000, 1_234, 1_720_000, 1_000_500, 123_456_789, -3_500]) {
        const shown = formatQuantity({ milli, unit: 'm' }, style)
        expect(parseQuantity(shown, { unit: 'm', style, allowNegative: true }).milli, shown).toBe(milli)
      }
    }
  })
  it('an ambiguous form carries both readings', () => {
    const err = (() => {
      try {
        parseQuantity('1.234 kg', { unit: 'kg' })
      } catch (e) {
        return e as QuantityError
      }
      return null
    })()
    expect(err?.readings).toEqual([1_234_000, 1_234])
  })
})
