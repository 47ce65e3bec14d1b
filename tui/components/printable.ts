/**
 * Text that came from the log, made safe to draw: every control character but the line break
 * becomes U+FFFD. Any node, person or integration may have written an escape code or a carriage
 * return into a name or a note, and Ink writes text to the terminal as it is: a ticket's label
 * coloured the kitchen board and a carriage return wiped the next tile's number (found trying the
 * kitchen as a new user). The TUI's client passes every answer and event through it.
 */
// eslint-disable-next-line no-control-regex -- the characters to take out (all of Cc but \n)
export const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g
// eslint-disable-next-line no-control-regex -- and the line break too, for text drawn on one line
export const LINE_CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g

/** One line of text from the log, as a tile or a cell draws it: its line breaks are shown too. */
export const printableLine = (text: string): string => text.replace(LINE_CONTROLS, '\uFFFD')

/** A refused scan as a line shows it: its control characters visible, a long one cut. */
export function shownCode(code: string): string {
  const shown = printableLine(code)
  return shown.length > 24 ? `${shown.slice(0, 23)}…` : shown
}

export function printable<T>(value: T): T {
  if (typeof value === 'string') return value.replace(CONTROLS, '\uFFFD') as T
  if (Array.isArray(value)) {
    // the same array when nothing in it changed: screens compare answers by reference
    let changed: unknown[] | null = null
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i]
      const safe = printable(item)
      if (safe !== item) (changed ??= value.slice())[i] = safe
    }
    return (changed ?? value) as T
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>
    let changed: Record<string, unknown> | null = null
    for (const [key, item] of Object.entries(record)) {
      const safe = printable(item)
      if (safe !== item) (changed ??= { ...record })[key] = safe
    }
    return (changed ?? value) as T
  }
  return value
}
