/**
 * What people type as a quantity, read one way everywhere (socket, CLI, TUI, CSV import).
 * Sites type numbers in both styles: "1.000,50" and "1,000.50" are both 1000.5. The rules, in
 * order, and never a guess:
 * - both "." and "," present: the last one is the decimal mark, the other groups thousands;
 * - one mark, used more than once: it groups thousands ("1.000.000");
 * - one mark, once, before exactly three digits: "." groups thousands ("1.720" is 1720, as
 *   SPEC.md says), "," is refused as ambiguous (1720 in one style, 1.72 in the other);
 * - one mark, once, before 1, 2 or more than 3 digits, or after a lone 0: the decimal mark;
 * - spaces and apostrophes may group thousands ("1 000", "1'000").
 * Quantities are kept as integer thousandths of their unit (milli), so sums in the ledger are
 * exact on every node; more than three decimals is refused rather than rounded.
 */
export const UNITS = ['m', 'kg', 'pcs'] as const
export type Unit = (typeof UNITS)[number]

/** What people write after a number, for each unit (compared in lower case). */
const UNIT_WORDS: Record<string, Unit> = {
  m: 'm',
  mt: 'm',
  mtr: 'm',
  metre: 'm',
  metres: 'm',
  meter: 'm',
  meters: 'm',
  kg: 'kg',
  kgs: 'kg',
  pcs: 'pcs',
  pc: 'pcs',
  piece: 'pcs',
  pieces: 'pcs',
  adet: 'pcs',
  ad: 'pcs',
}

/** A unit as people write it ("MT", "adet"), or null. */
export function parseUnit(word: string): Unit | null {
  return UNIT_WORDS[word.trim().toLowerCase()] ?? null
}

export interface Quantity {
  /** Thousandths of the unit: 1720 m is 1_720_000. */
  milli: number
  unit: Unit
}

export interface QuantityOptions {
  /** The unit of what is being counted: a number without a unit takes it; another unit is refused. */
  unit: Unit
  /** Adjustments may be negative; received, picked and counted quantities may not. */
  allowNegative?: boolean
  /** A count may be zero; a receipt or a pick may not. */
  allowZero?: boolean
}

export class QuantityError extends Error {}

/** The largest quantity accepted: a billion of any unit is a typing slip, not stock. */
const MAX_MILLI = 1e12

export function parseQuantity(input: string, options: QuantityOptions): Quantity {
  const text = input.normalize('NFKC').trim()
  if (text === '') throw new QuantityError('type a quantity')
  const match = /^([+-]?)\s*([0-9][0-9.,' ]*|[.,][0-9]+)\s*([A-Za-z]*)\.?$/.exec(text)
  if (match === null) throw new QuantityError(`"${input.trim()}" is not a quantity: use digits, then a unit (m, kg, pcs)`)
  const [, sign, number, word] = match as unknown as [string, string, string, string]

  let unit = options.unit
  if (word !== '') {
    const named = UNIT_WORDS[word.toLowerCase()]
    if (named === undefined) throw new QuantityError(`"${word}" is not a unit: use m, kg or pcs`)
    if (named !== options.unit) throw new QuantityError(`this is counted in ${options.unit}, not ${named}`)
    unit = named
  }

  const milli = readNumber(number.trim(), input.trim()) * (sign === '-' ? -1 : 1)
  if (milli < 0 && options.allowNegative !== true) throw new QuantityError('a quantity here cannot be negative')
  if (milli === 0 && options.allowZero !== true) throw new QuantityError('a quantity here must be more than zero')
  if (Math.abs(milli) > MAX_MILLI) throw new QuantityError(`${input.trim()} is too large to be a quantity`)
  if (unit === 'pcs' && milli % 1000 !== 0) throw new QuantityError('pieces are counted whole')
  return { milli: milli === 0 ? 0 : milli, unit }
}

/** The number in thousandths. */
function readNumber(raw: string, shown: string): number {
  const grouped = raw.replace(/[ ']/g, (_c, at: number) => {
    if (!/^\d{3}(\D|$)/.test(raw.slice(at + 1))) throw new QuantityError(`"${shown}": a space or ' must be followed by three digits`)
    return ''
  })
  const dots = count(grouped, '.')
  const commas = count(grouped, ',')
  let decimalMark: '.' | ',' | null = null
  if (dots > 0 && commas > 0) {
    decimalMark = grouped.lastIndexOf('.') > grouped.lastIndexOf(',') ? '.' : ','
    if (count(grouped, decimalMark) > 1) throw new QuantityError(`"${shown}" has two decimal marks`)
  } else if (dots + commas === 1) {
    const mark = dots === 1 ? '.' : ','
    const [whole, fraction] = grouped.split(mark) as [string, string]
    if (fraction === '') throw new QuantityError(`"${shown}" ends with a mark: type the decimals or leave the mark out`)
    const thousandsShape = fraction.length === 3 && whole !== '' && whole !== '0' && whole.length <= 3
    if (thousandsShape && mark === ',') {
      throw new QuantityError(
        `"${shown}" could be ${whole}${fraction} or ${whole}.${fraction}: write ${whole}${fraction}, or ${whole},${fraction.replace(/0+$/, '') || '0'} with fewer decimals`,
      )
    }
    decimalMark = thousandsShape ? null : mark
  }
  // what is left of the other mark (or of both, if neither is decimal) groups thousands
  const [whole, fraction = ''] = decimalMark === null ? [grouped] : (grouped.split(decimalMark) as [string, string])
  const digits = checkGroups(whole, shown)
  if (fraction.length > 3) throw new QuantityError(`"${shown}" has more than three decimals`)
  if (!/^\d*$/.test(fraction)) throw new QuantityError(`"${shown}" is not a number`)
  return Number(digits || '0') * 1000 + Number(fraction.padEnd(3, '0') || '0')
}

/** "1.000.000" or "1,000" or "1000": groups of three after the first; returns the digits. */
function checkGroups(whole: string, shown: string): string {
  const groups = whole.split(/[.,]/)
  if (groups.length > 1) {
    const [first, ...rest] = groups as [string, ...string[]]
    if (!/^\d{1,3}$/.test(first) || first.startsWith('0') || !rest.every((g) => /^\d{3}$/.test(g))) {
      throw new QuantityError(`"${shown}": thousands must be grouped by three (1.000.000 or 1,000,000)`)
    }
  }
  return groups.join('')
}

function count(text: string, char: string): number {
  return text.split(char).length - 1
}

/** For people: thousands with ",", decimals with ".", no trailing zeros: "1,720 m", "10.5 m". */
export function formatQuantity(q: Quantity): string {
  const negative = q.milli < 0
  const abs = Math.abs(q.milli)
  const whole = Math.floor(abs / 1000)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const fraction = (abs % 1000).toString().padStart(3, '0').replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : '.' + fraction} ${q.unit}`
}
