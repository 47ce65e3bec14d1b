import { Box, Text } from 'ink'
import { GLOBAL_BINDINGS, SCREEN_BINDINGS, type ScreenId } from '../keys/bindings.js'
import { tone } from '../theme.js'

const TITLES: Record<ScreenId, string> = {
  signIn: 'Sign in',
  home: 'Menu',
  audit: 'Audit log',
  notes: 'Shift notes',
  peers: 'Peers',
  pair: 'Pair a device',
  printing: 'Printing',
  receive: 'Receive',
  pick: 'Pick',
  count: 'Count',
  stock: 'Stock lookup',
  conflicts: 'Conflicts',
}

/** The keys of the current screen, straight from the binding table that handles them. */
export function HelpOverlay(props: { screen: ScreenId }) {
  const rows = [...SCREEN_BINDINGS[props.screen], ...GLOBAL_BINDINGS]
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Text {...tone('title')}>Help — {TITLES[props.screen]}</Text>
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
