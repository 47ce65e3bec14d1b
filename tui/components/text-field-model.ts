import { glyphs } from './cells.js'
import { ELLIPSIS } from './glyphs.js'

/** The text field widget's state and its tagged actions (the reducer part of the widget). */
export interface TextFieldState {
  value: string
  cursor: number
  /** Characters not taken since the last edit: they came past the hard cap (`hardCap`). */
  dropped?: number
  /** One line saying the field holds more than its limit; Enter refuses it while set. */
  notice?: string
}

export type TextFieldAction =
  | { type: 'insert'; text: string }
  | { type: 'backspace' }
  | { type: 'delete' }
  | { type: 'left' }
  | { type: 'right' }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'clear' }
  | { type: 'set'; value: string }

export const emptyField: TextFieldState = { value: '', cursor: 0 }

/**
 * How much a field holds past its limit. Text over the limit is kept (and told, and refused on
 * Enter) rather than cut: a paste cut at a count the person never saw lost its end and went on as
 * if whole (#17). Only past this cap, far above any real entry, are characters not taken.
 */
export function hardCap(maxLength: number): number {
  return Math.max(1000, 4 * maxLength)
}

/**
 * The state after `action`. `name` is what the notice calls the field ("the reason"): the
 * notice says the real length, so the person knows how much to shorten.
 */
export function reduceTextField(state: TextFieldState, action: TextFieldAction, maxLength = 200, name = 'this field'): TextFieldState {
  const next = step(state, action, hardCap(maxLength))
  const notice = noticeFor(next, maxLength, name)
  return notice === null ? next : { ...next, notice }
}

function step(state: TextFieldState, action: TextFieldAction, cap: number): TextFieldState {
  const { value, cursor } = state
  // a cursor move keeps the count of characters not taken; an edit starts it again
  const kept = state.dropped === undefined ? {} : { dropped: state.dropped }
  switch (action.type) {
    case 'insert': {
      const text = action.text.slice(0, Math.max(0, cap - value.length))
      const dropped = (state.dropped ?? 0) + action.text.length - text.length
      return {
        value: value.slice(0, cursor) + text + value.slice(cursor),
        cursor: cursor + text.length,
        ...(dropped > 0 ? { dropped } : {}),
      }
    }
    case 'backspace':
      return cursor === 0 ? { value, cursor } : { value: value.slice(0, cursor - 1) + value.slice(cursor), cursor: cursor - 1 }
    case 'delete':
      return { value: value.slice(0, cursor) + value.slice(cursor + 1), cursor }
    case 'left':
      return { value, cursor: Math.max(0, cursor - 1), ...kept }
    case 'right':
      return { value, cursor: Math.min(value.length, cursor + 1), ...kept }
    case 'home':
      return { value, cursor: 0, ...kept }
    case 'end':
      return { value, cursor: value.length, ...kept }
    case 'clear':
      return emptyField
    case 'set': {
      const dropped = Math.max(0, action.value.length - cap)
      return { value: action.value.slice(0, cap), cursor: Math.min(action.value.length, cap), ...(dropped > 0 ? { dropped } : {}) }
    }
  }
}

function noticeFor(state: TextFieldState, maxLength: number, name: string): string | null {
  const dropped = state.dropped ?? 0
  const length = state.value.length + dropped
  if (length <= maxLength) return null
  const lost = dropped > 0 ? `; ${dropped} of them not taken` : ''
  // short enough for one line in a prompt of an 80-column terminal
  return `${name} holds at most ${maxLength} characters: this one is ${length}, ${length - maxLength} too many${lost}`
}

/** What a field's row shows of its text: the text before the cursor, under it, and after it. */
export interface FieldWindow {
  before: string
  at: string
  after: string
}

/**
 * The part of a field's text that a row of `room` cells shows: all of it when it fits; otherwise a
 * window that keeps the cursor in sight, with … where text is cut off on either side. A field is
 * one line: a long reason pasted into the board's cancel prompt wrapped over the rows below it
 * and pushed the board past the bottom of an 80x24 terminal. The text itself is kept whole.
 */
export function fieldWindow(text: string, cursor: number, room: number): FieldWindow {
  // by character as drawn (never half an emoji at an edge), each as wide as the terminal draws
  // it: a CJK character or an emoji takes two cells, and counted as one, a field of them wrapped
  // onto a second row
  const all = glyphs(text)
  const chars = all.map((g) => g.text)
  const cells = all.map((g) => g.cells)
  let ci = all.findIndex((g) => g.index + g.text.length > cursor)
  if (ci === -1) ci = all.length
  const at = chars[ci] ?? ' ' // a space past the end
  const sum = (from: number, to: number) => cells.slice(from, to).reduce((a, b) => a + b, 0)
  // the cursor's cell at the end counts as one more
  if (sum(0, chars.length) + 1 <= room) return { before: chars.slice(0, ci).join(''), at, after: chars.slice(ci + 1).join('') }
  const width = Math.max(1, room - 2) // room for an … on each side
  const atCells = Math.max(1, cells[ci] ?? 1)
  let start = ci
  while (start > 0 && sum(start - 1, ci) + atCells <= width) start--
  let end = ci + 1
  while (end < chars.length && sum(start, end + 1) <= width) end++
  return {
    before: (start > 0 ? ELLIPSIS : '') + chars.slice(start, ci).join(''),
    at,
    after: chars.slice(ci + 1, Math.max(ci + 1, end)).join('') + (end < chars.length ? ELLIPSIS : ''),
  }
}
