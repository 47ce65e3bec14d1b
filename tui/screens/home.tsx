import { Box, Text } from 'ink'
import { useState } from 'react'
import { formatQuantity, removalLine, roleAllows, type NumberStyle, type ScanResolution } from '../../protocol/index.js'
import { Command, commandFor, SCREEN_BINDINGS, type ScreenId } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useNumberStyle } from '../hooks/use-number-style.js'
import { useScan } from '../hooks/use-scan.js'
import { useAppActions, useAppState, useClient } from '../state/contexts.js'
import { tone } from '../theme.js'

interface MenuItem {
  label: string
  open: ScreenId | 'signOut' | 'quit'
  managerOnly?: boolean
}

/** The menu: items 1-9 open with their number, the rest with the arrows and Enter. */
const MENU: readonly MenuItem[] = [
  { label: 'Shift notes', open: 'notes' },
  { label: 'Audit log', open: 'audit', managerOnly: true },
  { label: 'Printing', open: 'printing' },
  { label: 'Receive', open: 'receive' },
  { label: 'Pick', open: 'pick' },
  { label: 'Count', open: 'count' },
  { label: 'Stock lookup', open: 'stock' },
  { label: 'Conflicts', open: 'conflicts' },
  { label: 'Peers', open: 'peers' },
  { label: 'Pair a device', open: 'pair', managerOnly: true },
  { label: 'Sign out', open: 'signOut' },
  { label: 'Quit', open: 'quit' },
]

function describe(scan: ScanResolution, style: NumberStyle | null): string {
  switch (scan.kind) {
    case 'person':
      return `staff badge: ${scan.person.name} (${scan.person.role})`
    case 'node':
      return `node: ${scan.writer.name}`
    case 'product':
      return `product ${scan.product.sku}: ${scan.product.name}`
    case 'location':
      return `location ${scan.location.code}`
    case 'roll':
      return `roll of ${scan.product.name}, lot ${scan.roll.lot}, at ${scan.roll.location}: ${formatQuantity({ milli: scan.roll.milli, unit: scan.product.unit }, style)}`
    case 'unknown':
      return 'not a code this site knows'
  }
}

export function HomeScreen(props: { open(screen: ScreenId): void }) {
  const client = useClient()
  const { person, status } = useAppState()
  const numbers = useNumberStyle()
  const { signOut, quit } = useAppActions()
  const [selected, setSelected] = useState(0)
  const [lastScan, setLastScan] = useState<{ code: string; text: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const allowed = (item: MenuItem) => item.managerOnly !== true || (person !== null && roleAllows(person.role, ['manager']))

  const choose = (index: number) => {
    const item = MENU[index]
    if (item === undefined) return
    if (!allowed(item)) return setError(`${item.label} needs a manager`)
    setError(null)
    if (item.open === 'signOut') void signOut()
    else if (item.open === 'quit') quit()
    else props.open(item.open)
  }

  useKeypress((key) => {
    if (key.name === 'char' && /^[1-9]$/.test(key.char)) {
      choose(Number(key.char) - 1)
      return true
    }
    switch (commandFor(SCREEN_BINDINGS.home, key)) {
      case Command.up:
        setSelected((i) => (i + MENU.length - 1) % MENU.length)
        return true
      case Command.down:
        setSelected((i) => (i + 1) % MENU.length)
        return true
      case Command.select:
        choose(selected)
        return true
      case Command.signOut:
        void signOut()
        return true
      case Command.quit:
        quit()
        return true
      default:
        return false
    }
  })

  useScan((code) => {
    setLastScan({ code, text: 'looking up…' })
    client.call('scan.resolve', { code }).then(
      (res) => setLastScan({ code, text: describe(res, numbers.style) }),
      (err: Error) => setLastScan({ code, text: `lookup failed: ${err.message}` }),
    )
  })

  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Menu — {person?.name ?? ''}</Text>
      {/* a removed node must say so plainly: what it does now is never accepted by the site */}
      {status !== null && status.node.removal !== null && <Text {...tone('error')}>✗ {removalLine(status.node.removal)}</Text>}
      <Box flexDirection="column" marginY={1}>
        {MENU.map((item, i) => (
          <Text key={item.label} {...(i === selected ? tone('selected') : allowed(item) ? {} : tone('muted'))}>
            {` ${i + 1}  ${item.label}${allowed(item) ? '' : ' (manager)'} `}
          </Text>
        ))}
      </Box>
      {error !== null && <Text {...tone('error')}>✗ {error}</Text>}
      <Text>Last scan: {lastScan === null ? '—' : `${lastScan.code} (${lastScan.code.length} chars) — ${lastScan.text}`}</Text>
    </Box>
  )
}
