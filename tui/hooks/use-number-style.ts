import { numberStyleHint, type NumberStyle } from '../../protocol/index.js'
import { useAppState } from '../state/contexts.js'

/**
 * The number style quantities are typed and shown in on this terminal: its own (--number-style)
 * over the site's; null when neither is set (forms the two styles read differently are refused).
 * `hint` is the line shown where quantities are typed or read ("numbers: 1.234,5").
 */
export function useNumberStyle(): { style: NumberStyle | null; hint: string } {
  const { status, terminalNumberStyle } = useAppState()
  if (terminalNumberStyle !== null) return { style: terminalNumberStyle, hint: `${numberStyleHint(terminalNumberStyle)} (this terminal)` }
  const style = status?.site.numberStyle ?? null
  return { style, hint: numberStyleHint(style) }
}
