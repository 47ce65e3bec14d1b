/**
 * ASCII fallback. A terminal whose locale is not UTF-8 (LANG=C, a serial console) shows box
 * drawing, dashes and ellipses as mojibake: with `LANG=C` one screen sent 753 non-ASCII bytes
 * (issue #21). Rather than each screen choosing its glyphs, everything the TUI writes passes
 * through `toAscii` when the locale is not UTF-8: every screen, today's and the next, gets the
 * fallback for free. Each replacement is one column wide, so layouts keep their widths.
 */

/** True when the terminal takes UTF-8: LC_ALL, then LC_CTYPE, then LANG, as the C library reads them. OUTPOST_ASCII=1 forces ASCII. */
export function utf8Terminal(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OUTPOST_ASCII === '1') return false
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || ''
  return /utf-?8/i.test(locale)
}

/** One ASCII character per glyph the screens (and Ink's borders) draw: the width stays the same. */
const ASCII: Record<string, string> = {
  '✓': '+',
  '✗': 'x',
  '…': '~',
  '—': '-',
  '–': '-',
  '─': '-',
  '━': '-',
  '│': '|',
  '┃': '|',
  '┌': '+',
  '┐': '+',
  '└': '+',
  '┘': '+',
  '├': '+',
  '┤': '+',
  '┬': '+',
  '┴': '+',
  '┼': '+',
  '╭': '+',
  '╮': '+',
  '╰': '+',
  '╯': '+',
  '•': '*',
  '·': '.',
  '×': 'x',
  '↑': '^',
  '↓': 'v',
  '←': '<',
  '→': '>',
  '▲': '^',
  '▼': 'v',
  '█': '#',
  '▏': '|',
  '░': '.',
  '’': "'",
  '‘': "'",
  '“': '"',
  '”': '"',
  ı: 'i',
  İ: 'I',
  ß: 's',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  ł: 'l',
  Ł: 'L',
}

/**
 * The same text in ASCII, one column per column: known glyphs by the table, accented letters
 * without their accents (ş -> s, é -> e), anything else as `?`. Escape codes pass untouched.
 */
export function toAscii(text: string): string {
  // eslint-disable-next-line no-control-regex -- the fast path: nothing to change
  if (/^[\x00-\x7f]*$/.test(text)) return text
  let out = ''
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) out += char
    else if (ASCII[char] !== undefined) out += ASCII[char]
    else {
      const bare = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      // eslint-disable-next-line no-control-regex -- is what is left plain ASCII?
      out += /^[\x00-\x7f]$/.test(bare) ? bare : '?'
    }
  }
  return out
}

/** The ellipsis a cut cell ends with: what `toAscii` would make of it, so the width math agrees. */
export const ELLIPSIS = '…'
