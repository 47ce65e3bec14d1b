import { describe, expect, it } from 'vitest'
import { numberStyleOfEnv, numberStyleOfLocale, parseNumberStyle, type NumberStyle } from '../../protocol/number-style.js'
import { parseQuantity, QuantityError } from '../../protocol/quantity.js'

/**
 * Numbers as Intl writes them for 9 locales, typed into a quantity field: under the typist's own
 * style every one reads right; under no style each reads right or is refused, never wrong.
 * Seen before sites had a style: 59 right, 9 refused, 4 wrong ("1.234 kg" typed the English or
 * Swiss way read as 1,234 kg).
 */
const LOCALES = ['en-US', 'en-GB', 'de-CH', 'de-DE', 'tr-TR', 'fr-FR', 'it-IT', 'es-ES', 'ja-JP']
const VALUES = [1.234, 1234, 1234.5, 0.75, 12.5, 1720, 1234567.891, -3.5]

interface Row {
  locale: string
  value: number
  typed: string
  style: NumberStyle
}
const ROWS: Row[] = LOCALES.flatMap((locale) =>
  VALUES.map((value) => ({
    locale,
    value,
    typed: `${new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(value)} kg`,
    style: numberStyleOfLocale(locale)!,
  })),
)

type Outcome = 'right' | 'refused' | 'wrong'
function read(row: Row, style: NumberStyle | null): Outcome {
  try {
    const { milli } = parseQuantity(row.typed, { unit: 'kg', allowNegative: true, style })
    return milli === Math.round(row.value * 1000) ? 'right' : 'wrong'
  } catch (err) {
    if (err instanceof QuantityError) return 'refused'
    throw err
  }
}
function tally(outcomes: Outcome[]): Record<Outcome, number> {
  const out = { right: 0, refused: 0, wrong: 0 }
  for (const o of outcomes) out[o]++
  return out
}

describe('quantities as 9 locales write them (72 inputs)', () => {
  it('the table is 72 inputs, in both styles, with Intl’s own separators', () => {
    expect(ROWS).toHaveLength(72)
    expect(new Set(ROWS.map((r) => r.style))).toEqual(new Set(['comma', 'point']))
    expect(ROWS.some((r) => r.typed.includes('\u202f'))).toBe(true) // fr-FR: narrow no-break space
    expect(ROWS.some((r) => /[’']/.test(r.typed))).toBe(true) // de-CH
  })

  it('on a site in the typist’s own style: all 72 read right', () => {
    const wrong = ROWS.filter((r) => read(r, r.style) !== 'right').map((r) => `${r.locale} ${r.typed}`)
    expect(wrong).toEqual([])
  })

  it.each(['comma', 'point'] as const)('on a %s site, every input from a locale of that style reads right', (style) => {
    const rows = ROWS.filter((r) => r.style === style)
    expect(rows.length).toBeGreaterThanOrEqual(24)
    expect(tally(rows.map((r) => read(r, style)))).toEqual({ right: rows.length, refused: 0, wrong: 0 })
  })

  it('on a site with no style: none read wrong, and only the forms the styles read differently are refused', () => {
    const outcomes = ROWS.map((r) => read(r, null))
    const wrong = ROWS.filter((_r, i) => outcomes[i] === 'wrong').map((r) => `${r.locale} ${r.typed}`)
    expect(wrong).toEqual([])
    const refused = ROWS.filter((_r, i) => outcomes[i] === 'refused').map((r) => r.typed)
    // one mark, once, before three digits: "1.234", "1,234", "1.720", "1,720" and nothing else
    for (const typed of refused) expect(typed).toMatch(/^\d{1,3}[.,]\d{3} kg$/)
    expect(tally(outcomes)).toEqual({ right: 53, refused: 19, wrong: 0 })
  })

  it('the refusal says both readings in one line', () => {
    expect(() => parseQuantity('1.234 kg', { unit: 'kg' })).toThrow(/^"1\.234 kg" could be 1234 or 1 and 234 thousandths: [^\n]+$/)
  })
})

describe('number styles', () => {
  it.each([
    ['en-US', 'point'],
    ['en-GB', 'point'],
    ['de-CH', 'point'],
    ['ja-JP', 'point'],
    ['de-DE', 'comma'],
    ['tr-TR', 'comma'],
    ['fr-FR', 'comma'],
    ['it-IT', 'comma'],
    ['es-ES', 'comma'],
  ] as const)('%s writes numbers in the %s style', (locale, style) => {
    expect(numberStyleOfLocale(locale)).toBe(style)
  })

  it.each([
    [{ LANG: 'tr_TR.UTF-8' }, 'comma'],
    [{ LANG: 'en_US.UTF-8' }, 'point'],
    [{ LANG: 'en_US.UTF-8', LC_NUMERIC: 'de_DE.UTF-8' }, 'comma'],
    [{ LANG: 'tr_TR.UTF-8', LC_NUMERIC: 'de_DE.UTF-8', LC_ALL: 'en_GB.UTF-8' }, 'point'],
    [{ LANG: 'de_CH.UTF-8' }, 'point'],
    [{ LANG: 'fr_FR@euro' }, 'comma'],
    [{ LANG: 'C.UTF-8' }, null],
    [{ LANG: 'POSIX' }, null],
    [{ LC_ALL: '', LANG: 'de_DE' }, 'comma'],
    [{}, null],
    [{ LANG: 'not a locale!' }, null],
    [{ LANG: '../../etc/passwd' }, null],
    [{ LANG: 'x'.repeat(10_000) }, null],
  ] as const)('the environment %j suggests %s', (env, style) => {
    expect(numberStyleOfEnv(env)).toBe(style)
  })

  it.each([
    ['comma', 'comma'],
    [' Point ', 'point'],
    ['1.234,5', 'comma'],
    ['1,234.5', 'point'],
    ['', null],
    ['tr', null],
    ['1.234', null],
    ['__proto__', null],
  ] as const)('%j names the style %s', (text, style) => {
    expect(parseNumberStyle(text)).toBe(style)
  })
})
