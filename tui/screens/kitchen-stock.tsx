import { Box, Text } from 'ink'
import { useRef, useState } from 'react'
import { MAX_PORTIONS, MAX_THROTTLE, type MenuEntry } from '../../protocol/index.js'
import { money } from '../components/kitchen-entry.js'
import { fit } from '../components/kitchen-tile.js'
import { OutcomeLine, type Outcome } from '../components/outcome-line.js'
import { TextFieldView, useTextField } from '../components/text-field.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { Layer } from '../keys/dispatcher.js'
import { useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'

const Stock = {
  switch: 'switch',
  out: 'out',
  portions: 'portions',
  open: 'open',
  slot: 'slot',
  advance: 'advance',
  special: 'special',
} as const

const BINDINGS = [
  { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'previous item or station' },
  { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'next item or station' },
  { command: Stock.switch, keys: [{ name: 'tab' }], label: 'Tab', help: 'move between the menu and the stations' },
  { command: Stock.out, keys: ['o'], label: 'o', help: 'mark the selected item out of stock for this shift, or back in' },
  { command: Stock.portions, keys: ['n'], label: 'n', help: 'portions of the selected item for this shift (empty: not counted)' },
  { command: Stock.open, keys: ['t'], label: 't', help: 'throttle: open tickets the selected station takes at once (empty: no limit)' },
  { command: Stock.slot, keys: ['l'], label: 'l', help: 'throttle: tickets per 15-minute slot at the selected station (empty: no limit)' },
  { command: Stock.advance, keys: ['A'], label: 'A', help: 'at close: serve every ready ticket not held (y confirms)' },
  { command: Stock.special, keys: ['p'], label: 'p', help: 'add a special for this shift only: number name price station (a manager)' },
  { command: Command.confirm, keys: ['y'], label: 'y', help: 'confirm' },
  { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'back to the menu (in a field: leave it)' },
] satisfies readonly Binding[]

type Asking = { what: 'portions' | 'open' | 'slot'; label: string } | { what: 'special'; label: string }

/**
 * A whole number from min (0 or 1) to max (the method's own limit, protocol/menu.ts), or null for
 * "no limit / not counted"; a string says what is wrong, and over the limit names it (a long number
 * was told "not a whole number").
 */
export function limitOf(text: string, min: number, max: number, unit: string): number | null | string {
  const t = text.trim()
  if (t === '') return null
  if (!/^\d+$/.test(t)) return `"${t}" is not a whole number`
  const n = Number(t)
  if (n > max) return `"${t}": at most ${max} ${unit}, or leave it empty`
  return n < min ? `give a number from ${min} to ${max}, or leave it empty` : n
}

/** "41 Soup of the day 6.50 cold": a special's number, name, price (in the money's units) and station. */
export function specialOf(text: string): { number: number; name: string; price: number; station: string } | string {
  const m = /^\s*(\d{1,4})\s+(.+?)\s+(\d{1,5}(?:[.,]\d{1,2})?)\s+([a-z0-9-]{1,32})\s*$/i.exec(text)
  if (m === null) return 'type the number, name, price and station, e.g. 41 Soup of the day 6.50 cold'
  const price = Math.round(Number(m[3]!.replace(',', '.')) * 100)
  return { number: Number(m[1]), name: m[2]!, price, station: m[4]!.toLowerCase() }
}

/**
 * What a shift has to sell and how much a station takes: the menu of the open service shift with
 * portions left and what is out, each station's throttle and how full it is, bulk advance of the
 * ready tickets at close, and a special for this shift. The site refuses in one line what it will
 * not take (a kitchen hand adding a special: a manager's work); that line is shown as it comes.
 */
export function KitchenStockScreen(props: ScreenProps) {
  const client = useClient()
  const menu = useViewQuery(() => client.call('menu.list', {}), [])
  // every station, with its throttle (none: no limit) and its load
  const throttles = useViewQuery(() => client.call('menu.throttles', {}), [])
  const items: MenuEntry[] = menu.data?.items ?? []
  const stations = throttles.data ?? []
  const shift = menu.data?.shift ?? null
  const [focus, setFocusState] = useState<'items' | 'stations'>('items')
  // a ref too: Tab and the next key can come before a redraw
  const focusRef = useRef<'items' | 'stations'>('items')
  const setFocus = (f: 'items' | 'stations') => {
    focusRef.current = f
    setFocusState(f)
  }
  const itemCursor = useListCursor(items.length)
  const stationCursor = useListCursor(stations.length)
  // read at each key, not at the last render: keys typed faster than a redraw act on what they moved to
  const current = () => ({ item: items[itemCursor.selected], station: stations[stationCursor.selected] })
  const [message, setMessage] = useState<Outcome | null>(null)
  const [asking, setAsking] = useState<Asking | null>(null)
  const [confirming, setConfirming] = useState(false)
  const say = (error: boolean, text: string) => setMessage({ error, text })
  const act = (p: Promise<unknown>, ok: string) =>
    p.then(
      () => say(false, ok),
      (err: Error) => say(true, err.message),
    )
  const noShift = 'no service shift is open: check a truck or place in on Shifts first'

  const submit = (typed: string) => {
    const ask = asking
    setAsking(null)
    field.apply({ type: 'clear' })
    if (ask === null) return
    if (ask.what === 'special') {
      const s = specialOf(typed)
      if (typeof s === 'string') return say(true, s)
      if (shift === null) return say(true, noShift)
      const id = `${shift.toLowerCase()}-${s.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')}`.slice(0, 32)
      const payload = { id, number: s.number, name: s.name, category: 'specials', price: s.price, station: s.station, shift }
      return void act(client.call('menu.set', payload), `${s.name} is on the menu for ${shift} only, ${money(s.price)}`)
    }
    const { item, station } = current()
    const n = ask.what === 'portions' ? limitOf(typed, 0, MAX_PORTIONS, 'portions') : limitOf(typed, 1, MAX_THROTTLE, 'tickets')
    if (typeof n === 'string') return say(true, n)
    if (ask.what === 'portions') {
      if (item === undefined) return
      if (shift === null) return say(true, noShift)
      return void act(
        client.call('menu.stock', { item: item.id, portions: n }),
        n === null ? `${item.name}: portions not counted` : `${item.name}: ${n} portions for ${shift}`,
      )
    }
    if (station === undefined) return
    const next = { station: station.station, open: station.open, perSlot: station.perSlot, [ask.what === 'open' ? 'open' : 'perSlot']: n }
    void act(
      client.call('menu.throttle', next),
      `${station.station}: ${next.open ?? 'no limit of'} open tickets, ${next.perSlot ?? 'no limit of'} tickets per 15 minutes`,
    )
  }
  const field = useTextField({ isActive: asking !== null, maxLength: 60, accept: /[^?]/, onSubmit: submit })
  useKeypress(
    (key) => {
      if (key.name !== 'escape') return false
      setAsking(null)
      field.apply({ type: 'clear' })
      say(false, 'nothing changed')
      return true
    },
    { isActive: asking !== null, priority: Layer.prompt + 1 },
  )

  useKeypress(
    (key) => {
      const command = commandFor(BINDINGS, key)
      if (confirming) {
        setConfirming(false)
        if (command !== Command.confirm) return (say(false, 'no ticket served'), true)
        void client.call('tickets.advance', shift === null ? {} : { shift }).then(
          (r) => say(false, `${r.served} ready ticket${r.served === 1 ? '' : 's'} served`),
          (err: Error) => say(true, err.message),
        )
        return true
      }
      const focus = focusRef.current
      const cursor = focus === 'items' ? itemCursor : stationCursor
      if (cursor.move(command)) return true
      const { item, station } = current()
      const needItem = () =>
        focus !== 'items' || item === undefined ? (say(true, 'choose a menu item first (Tab moves to the menu)'), false) : true
      const needStation = () =>
        focus !== 'stations' || station === undefined ? (say(true, 'choose a station first (Tab moves to the stations)'), false) : true
      switch (command) {
        case Stock.switch:
          setFocus(focus === 'items' ? 'stations' : 'items')
          return true
        case Stock.out:
          if (!needItem()) return true
          if (shift === null) return (say(true, noShift), true)
          void act(
            client.call('menu.out', { item: item!.id, out: !item!.out }),
            item!.out ? `${item!.name} is back in for ${shift}` : `${item!.name} is out of stock for ${shift}: the counter refuses it`,
          )
          return true
        case Stock.portions:
          if (needItem()) setAsking({ what: 'portions', label: `Portions of ${item!.name}` })
          return true
        case Stock.open:
        case Stock.slot:
          if (needStation())
            setAsking({
              what: command === Stock.open ? 'open' : 'slot',
              label: command === Stock.open ? 'Open tickets at once' : 'Tickets per 15 min',
            })
          return true
        case Stock.advance:
          setConfirming(true)
          return true
        case Stock.special:
          setAsking({ what: 'special', label: 'Special (number name price station)' })
          return true
        case Command.back:
          props.back()
          return true
        default:
          return false
      }
    },
    { isActive: asking === null },
  )

  const rows = Math.max(3, props.rows - 8)
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>{`Stock and throttle — ${shift === null ? 'no service shift open' : `shift ${shift}`}`}</Text>
      <Box>
        <Box flexDirection="column" width={Math.max(40, Math.floor(props.width / 2))}>
          <Text bold>{`${focus === 'items' ? '▶ ' : '  '}Menu (left / out)`}</Text>
          {items.slice(0, rows).map((it, i) => (
            <Text key={it.id} {...(focus === 'items' && i === itemCursor.selected ? tone('selected') : {})}>
              {fit(
                ` ${String(it.number).padStart(3)} ${it.name.padEnd(16).slice(0, 16)} ${(it.left === null ? '—' : String(Math.max(0, it.left))).padStart(4)} ${it.out ? 'OUT' : '   '}${it.shift !== null ? ' special' : ''}${it.left !== null && it.left < 0 ? ` ${-it.left} oversold` : ''} `,
                40,
              )}
            </Text>
          ))}
        </Box>
        <Box flexDirection="column">
          <Text bold>{`${focus === 'stations' ? '▶ ' : '  '}Throttle (open now/limit, slot now/limit)`}</Text>
          {stations.map((s, i) => (
            <Text key={s.station} {...(focus === 'stations' && i === stationCursor.selected ? tone('selected') : {})}>
              {` ${s.station.padEnd(8)} open ${s.openNow}/${s.open ?? '∞'}  slot ${s.inSlot}/${s.perSlot ?? '∞'} `}
            </Text>
          ))}
        </Box>
      </Box>
      {asking !== null && <TextFieldView label={asking.label} field={field.state} focused width={30} />}
      {confirming && <Text {...tone('warn')}>Serve every ready ticket not on hold? y serves them, any other key does not.</Text>}
      <OutcomeLine outcome={message} />
    </Box>
  )
}

export const kitchenStockScreen: ScreenEntry = {
  id: 'kitchen-stock',
  label: 'Stock and throttle',
  roles: ['kitchen'],
  inMenu: true,
  bindings: BINDINGS,
  component: KitchenStockScreen,
}
