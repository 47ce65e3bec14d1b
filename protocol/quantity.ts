import { NUMBER_STYLE_EXAMPLE, type NumberStyle } from './number-style.js'

/**
 * What people type as a quantity, read one way everywhere (socket, CLI, TUI, CSV import).
 * A number is read under both styles (see number-style.ts): with "," as the decimal mark and
 * "." grouping thousands, and the other way round. A form only one style can read is read so,
 * whatever the site's style: "1.000,50", "1,000.50", "10,5", "1.72", "1.000.000", "0.720".
 * A form both styles read, to different values ("1.234", "12,500"), is read in the site's style;
 * on a site with no style it is refused with both readings, never guessed.
 * Seen: "1.234 kg" typed the English way was read as 1234 kg by the old rule ("three digits after
 * a single dot are thousands"), right for a Turkish site and 1000 times too much for an English one.
 * Spaces (Intl's narrow no-break space, after NFKC) and apostrophes ("1'234.5", Swiss) group
 * thousands in both styles. Quantities are kept as integer thousandths of their unit (milli), so
 * sums in the ledger are exact on every node; more than three decimals is refused, not rounded.
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
  /** The site's (or terminal's) number style; none (null): a form the styles read differently is refused. */
  style?: NumberStyle | null
}

export class QuantityError extends Error {
  /** Set when the input reads as two different values and nothing says which: both readings, in milli. */
  readonly readings: readonly [number, number] | null
  constructor(message: string, readings: readonly [number, number] | null = null) {
    super(message)
    this.readings = readings
  }
}

/** The largest quantity accepted: a billion of any unit is a typing slip, not stock. */
const MAX_MILLI = 1e12

export function parseQuantity(input: string, options: QuantityOptions): Quantity {
  // NFKC: full-width digits, and Intl's no-break and narrow no-break spaces, become ASCII
  const text = input
    .normalize('NFKC')
    .replace(/\u2212/g, '-')
    .replace(/\u2019/g, "'")
    .trim()
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

  const milli = readNumber(number.trim(), input.trim(), options.style ?? null) * (sign === '-' ? -1 : 1)
  if (milli < 0 && options.allowNegative !== true) throw new QuantityError('a quantity here cannot be negative')
  if (milli === 0 && options.allowZero !== true) throw new QuantityError('a quantity here must be more than zero')
  if (Math.abs(milli) > MAX_MILLI) throw new QuantityError(`${input.trim()} is too large to be a quantity`)
  if (unit === 'pcs' && milli % 1000 !== 0) throw new QuantityError('pieces are counted whole')
  return { milli: milli === 0 ? 0 : milli, unit }
}

type Mark = '.' | ','
const DECIMAL_MARK: Record<NumberStyle, Mark> = { comma: ',', point: '.' }

/** The number in thousandths: read with "," as the decimal mark and with ".", then compared. */
function readNumber(raw: string, shown: string, style: NumberStyle | null): number {
  const grouped = raw.replace(/[ ']/g, (_c, at: number) => {
    if (!/^\d{3}(\D|$)/.test(raw.slice(at + 1))) throw new QuantityError(`"${shown}": a space or ' must be followed by three digits`)
    return ''
  })
  const comma = readAs(grouped, ',', shown)
  const point = readAs(grouped, '.', shown)
  if (comma instanceof QuantityError && point instanceof QuantityError) throw likelyMark(grouped) === ',' ? comma : point
  if (comma instanceof QuantityError) return point as number
  if (point instanceof QuantityError || comma === point) return comma
  if (style !== null) return DECIMAL_MARK[style] === ',' ? comma : point
  throw ambiguous(grouped, shown, comma, point)
}

/** The number in thousandths with `decimal` as the decimal mark (the other mark groups thousands), or why not. */
function readAs(grouped: string, decimal: Mark, shown: string): number | QuantityError {
  const parts = grouped.split(decimal)
  if (parts.length > 2) return new QuantityError(`"${shown}" has two decimal marks`)
  const [whole = '', fraction] = parts
  if (fraction === '') return new QuantityError(`"${shown}" ends with a mark: type the decimals or leave the mark out`)
  if (fraction !== undefined && !/^\d+$/.test(fraction)) return new QuantityError(`"${shown}" is not a number`)
  if (fraction !== undefined && fraction.length > 3) return new QuantityError(`"${shown}" has more than three decimals`)
  const groups = whole.split(decimal === ',' ? '.' : ',')
  if (groups.length > 1) {
    const [first, ...rest] = groups as [string, ...string[]]
    if (!/^\d{1,3}$/.test(first) || first.startsWith('0') || !rest.every((g) => /^\d{3}$/.test(g))) {
      return new QuantityError(`"${shown}": thousands must be grouped by three (1.000.000 or 1,000,000)`)
    }
  }
  return Number(groups.join('') || '0') * 1000 + Number((fraction ?? '').padEnd(3, '0'))
}

/**
 * The decimal mark a person most likely meant, for the message when neither reading works:
 * with both marks the last one; one mark used more than once groups; one mark once is decimal.
 */
function likelyMark(grouped: string): Mark {
  const dot = grouped.lastIndexOf('.')
  const comma = grouped.lastIndexOf(',')
  if (dot >= 0 && comma >= 0) return dot > comma ? '.' : ','
  const mark: Mark = dot >= 0 ? '.' : ','
  const other: Mark = mark === '.' ? ',' : '.'
  return grouped.split(mark).length > 2 ? other : mark
}

/**
 * Both readings, each written so that it reads one way only ("1,72" is decimal in both styles),
 * and what to type instead.
 */
function ambiguous(grouped: string, shown: string, comma: number, point: number): QuantityError {
  // the form is digits, one mark, three digits ("1.234"): one reading groups, the other has decimals
  const mark = grouped.includes('.') ? '.' : ','
  const [grouping, decimals] = mark === '.' ? [comma, point] : [point, comma]
  const whole = Math.floor(decimals / 1000)
  const fraction = (decimals % 1000).toString().padStart(3, '0')
  const shorter = fraction.replace(/0+$/, '')
  const plain = `${grouping / 1000}`
  const decimal = shorter.length < 3 ? `${whole}${mark}${shorter || '0'}` : `${whole} and ${fraction} thousandths`
  const instead = shorter.length < 3 ? `${plain} or ${decimal}` : plain
  const styles = `${NUMBER_STYLE_EXAMPLE.comma} or ${NUMBER_STYLE_EXAMPLE.point}`
  return new QuantityError(
    `"${shown}" could be ${plain} or ${decimal}: this site has no number style, so write ${instead} (or ask an admin to set it: ${styles})`,
    [grouping, decimals],
  )
}

/**
 * For people, in the site's style, no trailing zeros: "1,720 m" and "10.5 m" (point, and with no
 * style), "1.720 m" and "10,5 m" (comma). What it writes, parseQuantity reads back the same
 * under that style.
 */
export function formatQuantity(q: Quantity, style: NumberStyle | null = null): string {
  const [group, decimal] = style === 'comma' ? ['.', ','] : [',', '.']
  const negative = q.milli < 0
  const abs = Math.abs(q.milli)
  const whole = Math.floor(abs / 1000)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, group)
  const fraction = (abs % 1000).toString().padStart(3, '0').replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : decimal + fraction} ${q.unit}`
}
