import { Text } from 'ink'
import { tone } from '../theme.js'

/** What the last action came to, as a screen tells it: a refusal in red with ✗, a success with ✓. */
export interface Outcome {
  error: boolean
  text: string
}

export function OutcomeLine(props: { outcome: Outcome | null }) {
  const { outcome } = props
  if (outcome === null) return null
  return <Text {...tone(outcome.error ? 'error' : 'ok')}>{`${outcome.error ? '✗' : '✓'} ${outcome.text}`}</Text>
}
