import { Box, Text } from 'ink'
import { GLOBAL_BINDINGS, type Binding } from '../keys/bindings.js'
import type { ScreenEntry } from '../screens/screen.js'
import { tone } from '../theme.js'

/** The keys of the current screen, straight from the bindings its handler reads (its registry entry). */
export function HelpOverlay(props: { screen: ScreenEntry; width?: number; bindings?: readonly Binding[] }) {
  const rows = [...(props.bindings ?? props.screen.bindings), ...GLOBAL_BINDINGS]
  const labelWidth = Math.min(12, Math.max(...rows.map((b) => b.label.length), 7) + 1)
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1} {...(props.width === undefined ? {} : { width: props.width })}>
      <Text {...tone('title')}>Help — {props.screen.label}</Text>
      {rows.map((b) => (
        <Box key={b.command + b.label}>
          <Box width={labelWidth} flexShrink={0}>
            <Text>{b.label}</Text>
          </Box>
          <Text wrap="wrap">{b.help}</Text>
        </Box>
      ))}
      <Box>
        <Box width={labelWidth} flexShrink={0}>
          <Text>scanner</Text>
        </Box>
        <Text wrap="wrap">scan a code at any time; it goes to this screen</Text>
      </Box>
      <Text {...tone('muted')}>Esc, ? or F1 closes this help</Text>
    </Box>
  )
}
