import { Text } from 'ink'
import { useState, type ReactElement } from 'react'
import { Layer } from '../keys/dispatcher.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { TextFieldView, useTextField } from './text-field.js'

export interface CodeEntry {
  open: boolean
  view: ReactElement
}

/**
 * Where no scanner is at hand: `/` opens a field, the code is typed or pasted, and Enter hands it
 * on exactly as a scan would be. Esc closes the field. While it is closed, letters are the
 * screen's commands.
 */
export function useCodeEntry(onCode: (code: string) => void, opts: { isActive: boolean }): CodeEntry {
  const [open, setOpen] = useState(false)
  const field = useTextField({
    isActive: open && opts.isActive,
    maxLength: 64,
    name: 'a code',
    accept: /^[\x21-\x7e]$/,
    priority: Layer.screen + 2,
    onSubmit: (value) => {
      field.apply({ type: 'clear' })
      setOpen(false)
      if (value.trim() !== '') onCode(value.trim())
    },
  })
  useKeypress(
    (key) => {
      if (!open && key.name === 'char' && key.char === '/') {
        setOpen(true)
        return true
      }
      if (open && key.name === 'escape') {
        field.apply({ type: 'clear' })
        setOpen(false)
        return true
      }
      return false
    },
    { isActive: opts.isActive, priority: Layer.screen + 2 },
  )
  const view = open ? <TextFieldView label="Code" field={field.state} focused width={6} /> : <Text dimColor>/ type a code</Text>
  return { open, view }
}
