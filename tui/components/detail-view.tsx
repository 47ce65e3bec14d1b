import { Box, Text } from 'ink'
import { tone } from '../theme.js'

/** One field of a detail view: a label and its value (a value may be long: it wraps, never cut). */
export type DetailField = readonly [label: string, value: string | number | null | undefined]

/**
 * The whole of one row: every list row opens to this with Enter, so what a column had to cut
 * (a reason, a name, a note) is readable in full. Esc (the screen's own key) closes it.
 */
export function DetailView(props: { title: string; fields: readonly DetailField[]; width: number }) {
  const shown = props.fields.filter(([, v]) => v !== null && v !== undefined && v !== '')
  const labelWidth = Math.min(16, Math.max(...shown.map(([l]) => l.length), 4) + 1)
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1} width={Math.max(20, props.width)}>
      <Text {...tone('title')}>{props.title}</Text>
      {shown.map(([label, value]) => (
        <Box key={label}>
          <Box width={labelWidth} flexShrink={0}>
            <Text {...tone('muted')}>{label}</Text>
          </Box>
          <Text wrap="wrap">{String(value)}</Text>
        </Box>
      ))}
      <Text {...tone('muted')}>Esc closes</Text>
    </Box>
  )
}
