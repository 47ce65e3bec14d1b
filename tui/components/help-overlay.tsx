import { Box, Text } from 'ink'
import { GLOBAL_BINDINGS, type Binding } from '../keys/bindings.js'
import type { ScreenEntry } from '../screens/screen.js'
import { tone } from '../theme.js'

/** The keys of the current screen, straight from the bindings its handler reads (its registry entry). */
export function HelpOverlay(props: { screen: ScreenEntry; bindings?: readonly Binding[] }) {
  const rows = [...(props.bindings ?? props.screen.bindings), ...GLOBAL_BINDINGS]
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Text {...tone('title')}>Help — {props.screen.label}</Text>
      {rows.map((b) => (
        <Text key={b.command + b.label}>
          {b.label.padEnd(12)} {b.help}
        </Text>
      ))}
      <Text>{'scanner'.padEnd(12)} scan a code at any time; it goes to this screen</Text>
      <Text {...tone('muted')}>Esc or ? closes this help</Text>
    </Box>
  )
}
