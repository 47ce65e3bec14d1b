import { z } from 'zod'

/**
 * How a site writes numbers: which mark is the decimal one. `comma`: 1.234,5 (Turkish, German,
 * Italian, Spanish, French with spaces); `point`: 1,234.5 (English, Japanese, Swiss with ').
 * It decides what a lone "1.234" or "1,234" means (see quantity.ts). Sites founded before there
 * was a style have none: there, input that reads differently in the two styles is refused.
 */
export const NUMBER_STYLES = ['comma', 'point'] as const
export const NumberStyle = z.enum(NUMBER_STYLES)
export type NumberStyle = z.infer<typeof NumberStyle>

/** What a person sees: an example number written in the style. */
export const NUMBER_STYLE_EXAMPLE: Record<NumberStyle, string> = { comma: '1.234,5', point: '1,234.5' }

/** One line for a form: "numbers: 1.234,5", or why a form like "1.234" is refused. */
export function numberStyleHint(style: NumberStyle | null): string {
  return style === null ? 'numbers: style not set (1.234 and 1,234 are refused)' : `numbers: ${NUMBER_STYLE_EXAMPLE[style]}`
}

/**
 * A style as people write it in a flag or a config file: its name or its example
 * ("comma", "1.234,5", "point", "1,234.5"). Null if it is neither.
 */
export function parseNumberStyle(text: string): NumberStyle | null {
  const t = text.trim().toLowerCase()
  for (const style of NUMBER_STYLES) if (t === style || t === NUMBER_STYLE_EXAMPLE[style]) return style
  return null
}

/** The style a locale writes numbers in ("tr-TR" → comma, "en-GB" → point), by asking Intl. */
export function numberStyleOfLocale(locale: string): NumberStyle | null {
  let tag: string
  try {
    tag = Intl.getCanonicalLocales(locale)[0] ?? ''
  } catch {
    return null // not a BCP 47 tag
  }
  if (tag === '') return null
  const decimal = new Intl.NumberFormat(tag).formatToParts(1.5).find((p) => p.type === 'decimal')?.value
  return decimal === ',' ? 'comma' : decimal === '.' ? 'point' : null
}

/**
 * The style the system locale suggests, from POSIX variables in their order of precedence
 * (LC_ALL over LC_NUMERIC over LANG), "tr_TR.UTF-8" read as tr-TR. The C and POSIX locales
 * name no language, so they suggest nothing; neither does an unset environment.
 */
export function numberStyleOfEnv(env: Readonly<Record<string, string | undefined>>): NumberStyle | null {
  const value = [env.LC_ALL, env.LC_NUMERIC, env.LANG].find((v) => v !== undefined && v !== '')
  if (value === undefined) return null
  const name = value.split(/[.@]/)[0] ?? ''
  if (name === '' || name === 'C' || name === 'POSIX') return null
  return numberStyleOfLocale(name.replace(/_/g, '-'))
}
