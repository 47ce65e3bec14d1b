import { Box, Text } from 'ink'
import { useEffect, useRef, useState } from 'react'
import { formatQuantity, removalLine, roleAllows, type NumberStyle, type Permission, type ScanResolution } from '../../protocol/index.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useNumberStyle } from '../hooks/use-number-style.js'
import { useScan } from '../hooks/use-scan.js'
import { useAppActions, useAppState, useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import { windowStart } from '../components/columns.js'
import type { ScreenEntry, ScreenProps } from './screen.js'

/** The menu's own command, beside the shared ones. */
const Menu = { signOut: 'signOut' } as const

const BINDINGS = [
  { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'previous item' },
  { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'next item' },
  {
    command: Command.select,
    keys: [{ name: 'return' }],
    label: 'Enter',
    help: 'open the item, or press its number (10 and up: two digits, or one digit and Enter)',
  },
  { command: Menu.signOut, keys: ['s'], label: 's', help: 'sign out' },
  { command: Command.quit, keys: ['q'], label: 'q', help: 'quit Outpost' },
] satisfies readonly Binding[]

/** How long a digit that may start a two-digit number waits for the second before it opens. */
const DIGIT_WAIT_MS = 600
/** How long keys after a chosen item are not the menu's (see `chosen`). */
const CHOSEN_MS = 250

/** A line of the menu: a screen from the registry, or one of the two actions after them. */
type MenuItem = { label: string; roles: Permission; open: string } | { label: string; roles: 'anyone'; action: 'signOut' | 'quit' }

const ACTIONS: readonly MenuItem[] = [
  { label: 'Sign out', roles: 'anyone', action: 'signOut' },
  { label: 'Quit', roles: 'anyone', action: 'quit' },
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
    case 'device':
      return `device ${scan.device.serial} (${scan.device.product}), repair ${scan.repair.id}: ${scan.repair.state}`
    case 'unknown':
      return 'not a code this site knows'
  }
}

/**
 * Where typed digits lead: `open` an item now, or `select` it and wait for another digit (with
 * 10 items or more, "1" may be the start of "10"). Pure, so it is tested without a terminal.
 */
export function menuDigits(typed: string, numbers: readonly number[]): { open: number } | { select: number; typed: string } | null {
  const at = numbers.indexOf(Number(typed))
  const longer = numbers.map(String).some((label) => label.length > typed.length && label.startsWith(typed))
  if (at >= 0) return longer ? { select: at, typed } : { open: at }
  return longer ? { select: -1, typed } : null
}

/**
 * The menu: the screens this person's role may use, in the registry's order, then sign out and
 * quit (others are not shown: a kitchen hand does not get the stock screens). A number opens its
 * item; from 10 items on, two digits (or one and Enter).
 */
export function MenuScreen(props: ScreenProps) {
  const client = useClient()
  const { person, status } = useAppState()
  const numbers = useNumberStyle()
  const { signOut, quit } = useAppActions()
  const [selected, setSelected] = useState(0)
  const [lastScan, setLastScan] = useState<{ code: string; text: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [typed, setTypedState] = useState('')
  // The digits typed so far, read by the key handler: two digits that arrive in one read (a quick
  // hand over SSH, a loaded machine) reach the handler before React renders the first, so state
  // alone gave the second digit an empty start ("12" opened 2).
  const typedNow = useRef('')
  const setTyped = (value: string) => {
    typedNow.current = value
    setTypedState(value)
  }
  const allowed = (item: MenuItem) => item.roles === 'anyone' || (person !== null && roleAllows(person.role, item.roles))
  // numbers stay those of the whole menu, gaps and all: "4 is Receive" holds for every role
  const everything: readonly MenuItem[] = [...props.menu.map((s) => ({ label: s.label, roles: s.roles, open: s.id })), ...ACTIONS]
  const items = everything.filter(allowed)
  const numbered = items.map((item) => everything.indexOf(item) + 1)
  /** Who may open it, as the menu marks it: "manager". */
  const needs = (item: MenuItem) => (item.roles === 'anyone' ? '' : item.roles.join(' or '))

  // Set for a moment once an item is chosen: keys that arrive with the digit ("3" and Enter in one
  // read) still reach this menu before the screen it opened is drawn, and that Enter opened the
  // item under the cursor, not 3 (seen trying the kitchen: "3" Enter opened the board, and the
  // digits after it bumped tickets). Let go after a moment: an open refused keeps the menu.
  const chosen = useRef(false)
  const choose = (index: number) => {
    const item = items[index]
    if (item === undefined || chosen.current) return
    if (!allowed(item)) return setError(`${item.label} needs a ${needs(item)}`)
    chosen.current = true
    setTimeout(() => (chosen.current = false), CHOSEN_MS)
    setError(null)
    if ('open' in item) props.open(item.open)
    else if (item.action === 'signOut') void signOut()
    else quit()
  }

  // "1" with items 10 and up: a second digit may follow; if none comes, 1 opens after a moment
  useEffect(() => {
    if (typed === '') return
    const at = numbered.indexOf(Number(typed))
    // "2" of a role that has no 2 but has 20: after the moment, say who may open 2 (as at once below 10)
    const hidden = at < 0 ? everything[Number(typed) - 1] : undefined
    if (at < 0 && hidden === undefined) return
    const timer = setTimeout(() => {
      setTyped('')
      if (at >= 0) choose(at)
      else if (hidden !== undefined) setError(`${hidden.label} needs a ${needs(hidden)}`)
    }, DIGIT_WAIT_MS)
    return () => clearTimeout(timer)
  }, [typed])

  useKeypress((key) => {
    if (chosen.current) return true
    if (key.name === 'char' && /^[0-9]$/.test(key.char)) {
      // the digits typed are one number: "1" then "9" is 19, never 9 (seen: a picker's "19" opened 9 silently)
      const number = typedNow.current + key.char
      const next = menuDigits(number, numbered)
      // a number of the whole menu this role does not get: say who may, before any form
      const hidden = everything[Number(number) - 1]
      if (next === null && hidden !== undefined && !allowed(hidden)) {
        setTyped('')
        setError(`${hidden.label} needs a ${needs(hidden)}`)
      } else if (next === null) {
        setTyped('')
        setError(`no ${number} on this menu`)
      } else if ('open' in next) {
        setTyped('')
        setSelected(next.open)
        choose(next.open)
      } else {
        setTyped(next.typed)
        if (next.select >= 0) setSelected(next.select)
      }
      return true
    }
    const command = commandFor(BINDINGS, key)
    if (command !== null) setTyped('')
    switch (command) {
      case Command.up:
        setSelected((i) => (i + items.length - 1) % items.length)
        return true
      case Command.down:
        setSelected((i) => (i + 1) % items.length)
        return true
      case Command.select:
        choose(selected)
        return true
      case Menu.signOut:
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

  // a long menu (an admin's) on a short terminal scrolls with the cursor. The list gets every line
  // but the title's and "Last scan"'s: the digits typed and an error take the two lines the app
  // keeps below a screen (at 60x20 a picker's 13 items hid 4 behind "↓ 4 more" over 6 empty lines)
  const fits = Math.max(3, props.rows - 2)
  const room = items.length > fits ? fits - 2 : items.length
  const first = windowStart(Math.min(selected, items.length - 1), items.length, room)
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Menu — {person?.name ?? ''}</Text>
      {/* a removed node must say so plainly: what it does now is never accepted by the site */}
      {status !== null && status.node.removal !== null && <Text {...tone('error')}>✗ {removalLine(status.node.removal)}</Text>}
      <Box flexDirection="column">
        {first > 0 && <Text {...tone('muted')}>{`   ↑ ${first} more`}</Text>}
        {items.slice(first, first + room).map((item, j) => (
          <Text key={item.label} {...(first + j === selected ? tone('selected') : {})}>
            {` ${String(numbered[first + j]).padStart(everything.length >= 10 ? 2 : 1)}  ${item.label} `}
          </Text>
        ))}
        {first + room < items.length && <Text {...tone('muted')}>{`   ↓ ${items.length - first - room} more`}</Text>}
      </Box>
      {typed !== '' && <Text {...tone('muted')}>{`${typed}_  another digit, or Enter (or a moment) for ${typed}`}</Text>}
      {error !== null && <Text {...tone('error')}>✗ {error}</Text>}
      <Text>Last scan: {lastScan === null ? '—' : `${lastScan.code} (${lastScan.code.length} chars) — ${lastScan.text}`}</Text>
    </Box>
  )
}

export const menuScreen: ScreenEntry = {
  id: 'menu',
  label: 'Menu',
  roles: 'anyone',
  inMenu: false,
  bindings: BINDINGS,
  component: MenuScreen,
}
