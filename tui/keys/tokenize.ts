/** Function keys F1-F12: what bump bars are often programmed to send. */
export const FUNCTION_KEYS = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12'] as const
/** The numeric keypad, when the terminal sends it apart from the main keys (application keypad mode). */
export const KEYPAD_KEYS = [
  'kp0',
  'kp1',
  'kp2',
  'kp3',
  'kp4',
  'kp5',
  'kp6',
  'kp7',
  'kp8',
  'kp9',
  'kpenter',
  'kpplus',
  'kpminus',
  'kpmultiply',
  'kpdivide',
  'kpdecimal',
] as const

/** A key as the TUI sees it, after escape sequences are decoded. */
export type Key =
  | { name: 'char'; char: string }
  | { name: 'ctrl'; char: string }
  | {
      name:
        | 'return'
        | 'escape'
        | 'tab'
        | 'backspace'
        | 'delete'
        | 'insert'
        | 'up'
        | 'down'
        | 'left'
        | 'right'
        | 'home'
        | 'end'
        | 'pageup'
        | 'pagedown'
        | (typeof FUNCTION_KEYS)[number]
        | (typeof KEYPAD_KEYS)[number]
    }
export type NamedKey = Exclude<Key, { name: 'char' | 'ctrl' }>['name']

/**
 * Final letters of ESC [ ... and ESC O ... sequences. P-S are F1-F4: ESC O P (xterm), or
 * ESC [ 1 ; mods P with a modifier. A modifier (Shift-F1) reads as the key itself.
 */
const CSI_FINAL: Record<string, NamedKey> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  P: 'f1',
  Q: 'f2',
  R: 'f3',
  S: 'f4',
}
/** ESC O x only: the keypad in application mode (DECKPAM), as xterm, VTE and the Linux console send it. */
const SS3_ONLY: Record<string, NamedKey> = {
  ...Object.fromEntries([...'pqrstuvwxy'].map((c, n) => [c, `kp${n}` as NamedKey])),
  M: 'kpenter',
  k: 'kpplus',
  m: 'kpminus',
  j: 'kpmultiply',
  o: 'kpdivide',
  n: 'kpdecimal',
}
/** ESC [ n ~: the VT220 numbers xterm, rxvt and the Linux console use (11-15 are rxvt's F1-F5). */
const CSI_TILDE: Record<string, NamedKey> = {
  '1': 'home',
  '7': 'home',
  '4': 'end',
  '8': 'end',
  '2': 'insert',
  '3': 'delete',
  '5': 'pageup',
  '6': 'pagedown',
  '11': 'f1',
  '12': 'f2',
  '13': 'f3',
  '14': 'f4',
  '15': 'f5',
  '17': 'f6',
  '18': 'f7',
  '19': 'f8',
  '20': 'f9',
  '21': 'f10',
  '23': 'f11',
  '24': 'f12',
}
/** The Linux console's F1-F5: ESC [ [ A..E. */
const LINUX_CONSOLE: Record<string, NamedKey> = { A: 'f1', B: 'f2', C: 'f3', D: 'f4', E: 'f5' }

/**
 * Split a chunk of terminal input into keys. Unknown escape sequences are dropped whole, not
 * typed: their letters never reach a screen as keys, nor a scan as characters.
 */
export function tokenize(chunk: string): Key[] {
  const keys: Key[] = []
  let i = 0
  while (i < chunk.length) {
    const ch = chunk[i] as string
    if (ch === '\u001b') {
      const next = chunk[i + 1]
      if (next === '[' && chunk[i + 2] === '[') {
        const name = LINUX_CONSOLE[chunk[i + 3] ?? '']
        if (name !== undefined) keys.push({ name })
        i += 4
        continue
      }
      if (next === '[' || next === 'O') {
        let j = i + 2
        while (j < chunk.length && /[0-9;]/.test(chunk[j] as string)) j++
        const final = chunk[j]
        const params = chunk.slice(i + 2, j)
        const name = final === undefined ? undefined : sequenceKey(next, params, final)
        if (name !== undefined) keys.push({ name })
        i = j + 1
        continue
      }
      keys.push({ name: 'escape' })
      i++
      continue
    }
    const code = chunk.codePointAt(i) ?? 0
    if (ch === '\r' || ch === '\n') keys.push({ name: 'return' })
    else if (ch === '\t') keys.push({ name: 'tab' })
    else if (ch === '\u007f' || ch === '\b') keys.push({ name: 'backspace' })
    else if (code < 32) keys.push({ name: 'ctrl', char: String.fromCharCode(code + 96) })
    else {
      // one key per code point, so a non-Latin or emoji character is never split in two
      const char = String.fromCodePoint(code)
      keys.push({ name: 'char', char })
      i += char.length
      continue
    }
    i++
  }
  return keys
}

function sequenceKey(intro: '[' | 'O', params: string, final: string): NamedKey | undefined {
  if (final === '~') return intro === '[' ? CSI_TILDE[params.split(';')[0] ?? ''] : undefined
  if (intro === 'O') return SS3_ONLY[final] ?? CSI_FINAL[final]
  // ESC [ row ; col R is also a cursor position report: F1-F4 with a CSI only bare or as 1;mods
  if ('PQRS'.includes(final) && params !== '' && !params.startsWith('1;')) return undefined
  return CSI_FINAL[final]
}
