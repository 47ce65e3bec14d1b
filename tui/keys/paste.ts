import { LINE_CONTROLS } from '../components/printable.js'

/**
 * Bracketed paste (xterm, and the terminals and multiplexers that copy it): once the TUI turns it
 * on (tui/run.tsx), the terminal sends a paste between two markers, so a paste can be told from
 * typing whatever its speed.
 */
export const PASTE_START = '\u001b[200~'
export const PASTE_END = '\u001b[201~'
export const BRACKETED_PASTE_ON = '\u001b[?2004h'
export const BRACKETED_PASTE_OFF = '\u001b[?2004l'

export type InputPart = { typed: string } | { pasted: string }

/** Splits terminal input into what was typed and what was pasted; a paste may span reads. */
export class PasteReader {
  /** The paste being read; null outside one. */
  private text: string | null = null
  /** The head of a start marker that ended the last read, if it did. */
  private held = ''

  /** A paste is being read, or the start of one may be: the caller waits (and then calls `end`). */
  get reading(): boolean {
    return this.text !== null || this.held !== ''
  }

  read(chunk: string): InputPart[] {
    const parts: InputPart[] = []
    let rest = this.held + chunk
    this.held = ''
    while (rest !== '') {
      if (this.text !== null) {
        // the end marker may be cut between two reads: looked for in what came so far
        const text = this.text + rest
        const end = text.indexOf(PASTE_END)
        if (end === -1) {
          this.text = text
          break
        }
        this.text = null
        parts.push({ pasted: text.slice(0, end) })
        rest = text.slice(end + PASTE_END.length)
        continue
      }
      const start = rest.indexOf(PASTE_START)
      if (start === -1) {
        // a start marker cut at the end of this read: held for the next (read alone, its
        // characters were an unknown escape sequence, and the paste came as keys, Enter and all)
        const cut = partialStart(rest)
        if (rest.length > cut) parts.push({ typed: rest.slice(0, rest.length - cut) })
        this.held = rest.slice(rest.length - cut)
        break
      }
      if (start > 0) parts.push({ typed: rest.slice(0, start) })
      this.text = ''
      rest = rest.slice(start + PASTE_START.length)
    }
    return parts
  }

  /**
   * The wait is over: a paste whose end marker never came is what came of it; the head of a start
   * marker that nothing followed is typed input after all.
   */
  end(): InputPart[] {
    const parts: InputPart[] = []
    if (this.held !== '') parts.push({ typed: this.held })
    if (this.text !== null) parts.push({ pasted: this.text })
    this.held = ''
    this.text = null
    return parts
  }
}

/** How many characters at the end of `text` begin PASTE_START (two or more; ESC alone is the Escape key). */
function partialStart(text: string): number {
  for (let n = Math.min(PASTE_START.length - 1, text.length); n >= 2; n--) if (PASTE_START.startsWith(text.slice(-n))) return n
  return 0
}

/**
 * A paste as one line of text: its line breaks were Enter keys (a pasted list fired the counter's
 * ticket on its blank line, and submitted each line as typed); blank lines and control characters
 * are dropped.
 */
export function pastedLine(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((part) => part.replace(/\t/g, ' ').replace(LINE_CONTROLS, ''))
    .filter((part) => part.trim() !== '')
    .join(' ')
}
