/**
 * A scanner programmed to send a prefix before each code and a suffix after it marks its own
 * scans: everything between the two is one scan, however late its characters arrive (over SSH a
 * packet can come 60-200 ms late, and no gap-based rule can tell that from a person typing).
 *
 * The prefix is either a fixed string (usually a control character such as STX, written `^B`, that
 * no person types by accident) or `aim`: the AIM symbology identifier that scanners can put before
 * every code, `]` + a symbology letter + a modifier (`]C0` Code 128, `]E0` EAN-13, `]Q1` QR).
 * The suffix is usually Enter (`\r`, the default).
 */
export interface ScanFrame {
  /** A fixed string, or 'aim' for any AIM identifier. */
  prefix: string
  suffix: string
}

/** What `--scan-prefix`/`--scan-suffix` take, said once for the CLI and the environment. */
export const SCAN_FRAME_RULE =
  'a scan prefix or suffix is "aim" (prefix only), or 1 to 8 characters where ^A..^_ are control characters and \\r, \\n, \\t, \\\\ escapes'

/** Reads the setting's notation: `^B` → STX, `\r` → CR; null when it is not one. */
export function frameTextOf(text: string): string | null {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    const next = text[i + 1]
    if (c === '^' && next !== undefined && /[@A-Z[\\\]^_]/.test(next)) {
      out += String.fromCharCode(next.charCodeAt(0) - 64)
      i++
    } else if (c === '\\' && next !== undefined && 'rnt\\'.includes(next)) {
      out += next === 'r' ? '\r' : next === 'n' ? '\n' : next === 't' ? '\t' : '\\'
      i++
    } else if (c.charCodeAt(0) < 32) return null
    else out += c
  }
  return out.length >= 1 && out.length <= 8 ? out : null
}

/** The frame from the two settings, or null (timing mode) when no prefix is set. */
export function scanFrameOf(prefix: string | undefined, suffix: string | undefined): ScanFrame | null | 'invalid' {
  if (prefix === undefined || prefix === '') return suffix === undefined || suffix === '' ? null : 'invalid'
  const p = prefix.toLowerCase() === 'aim' ? 'aim' : frameTextOf(prefix)
  const s = suffix === undefined || suffix === '' ? '\r' : frameTextOf(suffix)
  if (p === null || s === null) return 'invalid'
  return { prefix: p, suffix: s }
}

/**
 * How far `text` goes into the prefix: 'whole' when it is the whole prefix, 'part' when it could
 * still become it, 'no' when it cannot.
 */
export function prefixMatch(frame: ScanFrame, text: string): 'whole' | 'part' | 'no' {
  if (frame.prefix === 'aim') {
    if (text.length > 3 || text[0] !== ']') return 'no'
    if (text.length >= 2 && !/[A-Za-z]/.test(text[1]!)) return 'no'
    if (text.length === 3 && !/[0-9A-Za-z]/.test(text[2]!)) return 'no'
    return text.length === 3 ? 'whole' : 'part'
  }
  if (text === frame.prefix) return 'whole'
  return frame.prefix.startsWith(text) ? 'part' : 'no'
}
