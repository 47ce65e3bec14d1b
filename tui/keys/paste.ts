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

  get reading(): boolean {
    return this.text !== null
  }

  read(chunk: string): InputPart[] {
    const parts: InputPart[] = []
    let rest = chunk
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
      const typed = start === -1 ? rest : rest.slice(0, start)
      if (typed !== '') parts.push({ typed })
      if (start === -1) break
      this.text = ''
      rest = rest.slice(start + PASTE_START.length)
    }
    return parts
  }

  /** Ends the paste being read (its end marker never came) and returns its text so far. */
  end(): string {
    const text = this.text ?? ''
    this.text = null
    return text
  }
}

// eslint-disable-next-line no-control-regex -- the characters a pasted line loses (C0 and C1)
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g

/**
 * A paste as one line of text: its line breaks were Enter keys (a pasted list fired the counter's
 * ticket on its blank line, and submitted each line as typed); blank lines and control characters
 * are dropped.
 */
export function pastedLine(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((part) => part.replace(/\t/g, ' ').replace(CONTROLS, ''))
    .filter((part) => part.trim() !== '')
    .join(' ')
}
