import stringWidth from 'string-width'

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** One character as a person sees it (a grapheme: ❤️, a flag, an accent over its letter), where it starts, and the terminal cells it takes. */
export interface Glyph {
  text: string
  /** Its UTF-16 offset in the text. */
  index: number
  cells: number
}

/**
 * A text's characters as the terminal draws them: a CJK character or an emoji takes two cells,
 * and a character is never split (a code point at a time cut ❤️ from its variation selector).
 */
export function glyphs(text: string): Glyph[] {
  return Array.from(segmenter.segment(text), (s) => ({ text: s.segment, index: s.index, cells: stringWidth(s.segment) }))
}
