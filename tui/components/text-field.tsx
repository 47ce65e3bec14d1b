import { Box, Text, useStdout } from 'ink'
import { useCallback, useRef, useState } from 'react'
import { Layer } from '../keys/dispatcher.js'
import type { Key } from '../keys/tokenize.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useScan } from '../hooks/use-scan.js'
import { tone } from '../theme.js'
import { emptyField, fieldWindow, reduceTextField, type TextFieldAction, type TextFieldState } from './text-field-model.js'

/** Columns a field's row leaves for a screen's border and padding (a prompt's box: 4) and slack. */
const ROW_MARGIN = 6

function actionFor(key: Key): TextFieldAction | null {
  switch (key.name) {
    case 'char':
      return { type: 'insert', text: key.char }
    case 'backspace':
    case 'delete':
    case 'left':
    case 'right':
    case 'home':
    case 'end':
      return { type: key.name }
    case 'ctrl':
      return key.char === 'u' ? { type: 'clear' } : null
    default:
      return null
  }
}

export interface TextFieldHandle {
  state: TextFieldState
  /** The latest value, also between renders. */
  current(): string
  apply(action: TextFieldAction): void
  /**
   * Type `text` and press Enter, as a person would: what the router took for a scan may be a
   * person's typing that arrived in one read (over a slow SSH link). False, and nothing typed,
   * if the field does not take one of its characters.
   */
  typeAndSubmit(text: string): boolean
}

/**
 * The field's state lives in a ref that each key updates at once, and is mirrored into React
 * state for drawing: keys that arrive faster than the screen redraws all land, in order.
 */
export function useTextField(opts: {
  isActive: boolean
  /** The value it starts with (a form kept while the person was elsewhere). */
  initial?: string
  onSubmit(value: string): void
  /** Text past it is kept, told at once and refused on Enter (see `hardCap`). */
  maxLength?: number
  /** What the notice of a too long text calls the field, e.g. "the reason". */
  name?: string
  priority?: number
  /** Characters the field takes; others fall through to the screen's keys (e.g. `?` for help). */
  accept?: RegExp
  /**
   * While focused, a scan it can hold is typed into it and submitted (before the screen's scan
   * handler sees it): for fields where only typing makes sense, such as a PIN or an address.
   */
  takeScans?: boolean
}): TextFieldHandle {
  const start: TextFieldState = opts.initial
    ? reduceTextField(emptyField, { type: 'set', value: opts.initial }, opts.maxLength, opts.name)
    : emptyField
  const ref = useRef<TextFieldState>(start)
  const [state, setState] = useState<TextFieldState>(start)
  const apply = useCallback(
    (action: TextFieldAction) => {
      ref.current = reduceTextField(ref.current, action, opts.maxLength, opts.name)
      setState(ref.current)
    },
    [opts.maxLength, opts.name],
  )
  // a text over the limit is not submitted as if whole: its notice already says so, under the field
  const submit = () => {
    if (ref.current.notice === undefined) opts.onSubmit(ref.current.value)
  }
  useKeypress(
    (key) => {
      if (key.name === 'return') {
        submit()
        return true
      }
      if (key.name === 'char' && opts.accept !== undefined && !opts.accept.test(key.char)) return false
      // `?` in an empty field opens the help (issue #21: on Receive it typed into the field);
      // typed after something, it is text. F1 opens the help from any field.
      if (key.name === 'char' && key.char === '?' && ref.current.value === '') return false
      const action = actionFor(key)
      if (action === null) return false
      apply(action)
      return true
    },
    { isActive: opts.isActive, priority: opts.priority ?? Layer.screen + 1, takesText: true },
  )
  const typeAndSubmit = (text: string): boolean => {
    if (opts.accept !== undefined && ![...text].every((char) => opts.accept!.test(char))) return false
    apply({ type: 'insert', text })
    submit()
    return true
  }
  useScan((code) => typeAndSubmit(code), {
    isActive: opts.isActive && opts.takeScans === true,
    priority: opts.priority ?? Layer.screen + 1,
  })
  return { state, current: () => ref.current.value, apply, typeAndSubmit }
}

export function TextFieldView(props: {
  label: string
  field: TextFieldState
  focused: boolean
  mask?: boolean
  width?: number
  /** A muted note after the field, e.g. how numbers are written here ("numbers: 1.234,5"). */
  hint?: string
}) {
  const columns = useStdout().stdout.columns || 80
  const shown = props.mask === true ? '•'.repeat(props.field.value.length) : props.field.value
  // a label as long as the column still keeps a space before its field ("Accessories [")
  const label = props.label.padEnd(Math.max(props.width ?? 10, props.label.trimEnd().length + 1))
  const hint = props.hint === undefined ? 0 : props.hint.length + 2
  // one row: a text longer than the row scrolls under the cursor instead of wrapping
  const { before, at, after } = fieldWindow(shown, props.field.cursor, Math.max(12, columns - label.length - 2 - hint - ROW_MARGIN))
  const row = (
    <Box>
      <Text {...(props.focused ? tone('title') : {})}>{label}</Text>
      <Text>[</Text>
      <Text>{before}</Text>
      <Text {...(props.focused ? tone('selected') : {})}>{at}</Text>
      <Text>{after}</Text>
      <Text>]</Text>
      {props.hint !== undefined && <Text {...tone('muted')}>{`  ${props.hint}`}</Text>}
    </Box>
  )
  if (props.field.notice === undefined) return row
  // a field over its limit says so at once, on one line of its own
  return (
    <Box flexDirection="column">
      {row}
      <Text {...tone('error')} wrap="truncate-end">{`✗ ${props.field.notice}`}</Text>
    </Box>
  )
}
