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
        | 'up'
        | 'down'
        | 'left'
        | 'right'
        | 'home'
        | 'end'
        | 'pageup'
        | 'pagedown'
        | 'f1'
    }

// P: F1 as xterm sends it (ESC O P, or ESC [ 1 ; mods P)
const CSI_FINAL: Record<string, Key['name']> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', P: 'f1' }
const CSI_TILDE: Record<string, Key['name']> = {
  '1': 'home',
  '7': 'home',
  '4': 'end',
  '8': 'end',
  '3': 'delete',
  '5': 'pageup',
  '6': 'pagedown',
  '11': 'f1', // rxvt, and xterm in VT220 mode
}

/** Split a chunk of terminal input into keys. Unknown escape sequences are dropped, not typed. */
export function tokenize(chunk: string): Key[] {
  const keys: Key[] = []
  let i = 0
  while (i < chunk.length) {
    const ch = chunk[i] as string
    if (ch === '\u001b') {
      const next = chunk[i + 1]
      if (next === '[' && chunk[i + 2] === '[') {
        // the Linux console's F1..F5: ESC [ [ A..E
        if (chunk[i + 3] === 'A') keys.push({ name: 'f1' })
        i += 4
        continue
      }
      if (next === '[' || next === 'O') {
        let j = i + 2
        while (j < chunk.length && /[0-9;]/.test(chunk[j] as string)) j++
        const final = chunk[j]
        const params = chunk.slice(i + 2, j)
        const name = final === '~' ? CSI_TILDE[params.split(';')[0] ?? ''] : final === undefined ? undefined : CSI_FINAL[final]
        if (name !== undefined) keys.push({ name } as Key)
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
