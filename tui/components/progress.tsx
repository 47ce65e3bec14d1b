import { ProgressBar } from '@inkjs/ui'
import { Box, Text } from 'ink'

/**
 * How far a long task is: a bar (@inkjs/ui's, which fills the width it is given; under LANG=C
 * glyphs.ts turns its blocks into # and .) and "1000 of 5000 rows". One component for every
 * long task on a screen: an import, catch-up after a long absence.
 */
export function Progress(props: { done: number; total: number; unit: string; width: number; label?: string }) {
  const pct = props.total <= 0 ? 100 : Math.min(100, Math.floor((props.done / props.total) * 100))
  const words = `${props.done} of ${props.total} ${props.unit} (${pct}%)`
  return (
    <Box flexDirection="column" width={Math.max(10, props.width)}>
      {props.label !== undefined && <Text>{props.label}</Text>}
      <ProgressBar value={pct} />
      <Text>{words}</Text>
    </Box>
  )
}
