/** The text field widget's state and its tagged actions (the reducer part of the widget). */
export interface TextFieldState {
  value: string
  cursor: number
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

export function reduceTextField(state: TextFieldState, action: TextFieldAction, maxLength = 200): TextFieldState {
  const { value, cursor } = state
  switch (action.type) {
    case 'insert': {
      const text = action.text.slice(0, Math.max(0, maxLength - value.length))
      return { value: value.slice(0, cursor) + text + value.slice(cursor), cursor: cursor + text.length }
    }
    case 'backspace':
      return cursor === 0 ? state : { value: value.slice(0, cursor - 1) + value.slice(cursor), cursor: cursor - 1 }
    case 'delete':
      return { value: value.slice(0, cursor) + value.slice(cursor + 1), cursor }
    case 'left':
      return { value, cursor: Math.max(0, cursor - 1) }
    case 'right':
      return { value, cursor: Math.min(value.length, cursor + 1) }
    case 'home':
      return { value, cursor: 0 }
    case 'end':
      return { value, cursor: value.length }
    case 'clear':
      return emptyField
    case 'set':
      return { value: action.value.slice(0, maxLength), cursor: Math.min(action.value.length, maxLength) }
  }
}
