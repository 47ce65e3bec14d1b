import { Box, Text } from 'ink'
import { useRef, useState } from 'react'
import type { OrderPickList, OrderRecord } from '../../protocol/index.js'
import { useCodeEntry } from '../components/code-entry.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { HISTORY_BINDING, useHistory } from '../components/history-view.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useQuantities } from '../hooks/use-quantities.js'
import { useScanQueue, type ScanQueue } from '../hooks/use-scan-queue.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'
import { OutcomeLine, type Outcome } from '../components/outcome-line.js'

/** Picking's own commands, beside the shared ones. */
const Picking = { shortPick: 'shortPick', fulfil: 'fulfil' } as const

const BINDINGS = [
  { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'previous order / roll' },
  { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'next order / roll' },
  { command: Command.select, keys: [{ name: 'return' }], label: 'Enter', help: 'pick the selected order' },
  { command: Command.typeCode, keys: ['/'], label: '/', help: 'type or paste a code instead of scanning (Enter sends it)' },
  { command: Picking.shortPick, keys: ['s'], label: 's', help: 'the selected roll is not there: record a short pick' },
  { command: Picking.fulfil, keys: ['f'], label: 'f', help: 'ship the order with the rolls picked (y confirms)' },
  { command: Command.confirm, keys: ['y'], label: 'y', help: 'confirm' },
  HISTORY_BINDING,
  { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'back to the orders, then the menu' },
] satisfies readonly Binding[]

/**
 * Pick: choose an open order, then walk its pick list (sorted by location) with the scanner:
 * scan a shelf, then the rolls on it. A wrong roll, a roll of another order or one picked
 * already is refused in red with the bell. `s` records a short pick, `f` ships the order.
 */
export function PickingScreen(props: ScreenProps) {
  const client = useClient()
  const orders = useViewQuery(() => client.call('orders.list', { state: 'open', limit: 50 }), [])
  const list = orders.data ?? []
  const cursor = useListCursor(list.length)
  const [order, setOrder] = useState<OrderRecord | null>(null)
  const history = useHistory(props.rows)

  useKeypress(
    (key) => {
      const command = commandFor(BINDINGS, key)
      if (cursor.move(command)) return true
      if (command === Command.select && list[cursor.selected] !== undefined) setOrder(list[cursor.selected]!)
      else if (command === HISTORY_BINDING.command && list[cursor.selected] !== undefined)
        history.open(`order/${list[cursor.selected]!.id}`)
      else if (command === Command.back) props.back()
      else return false
      return true
    },
    { isActive: order === null },
  )

  if (order !== null) return <PickOrder id={order.id} rows={props.rows} back={() => setOrder(null)} />
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Pick — open orders</Text>
      {list.length === 0 && <Text {...tone('muted')}>No open orders.</Text>}
      {list.slice(0, props.rows - 3).map((o, i) => (
        <Text key={o.id} {...(i === cursor.selected ? tone('selected') : {})}>
          {` ${o.id.padEnd(12)} ${(o.customer ?? '').padEnd(10)} ${o.lines.length} line(s)  ${o.held.length} held  ${o.picked.length} picked `}
        </Text>
      ))}
      <Text {...tone('muted')}>↑/↓ and Enter to pick an order; h its history; Esc for the menu.</Text>
      {history.view}
    </Box>
  )
}

function PickOrder(props: { id: string; rows: number; back(): void }) {
  const client = useClient()
  // reloaded whenever the view changes (the daemon pushes it), so a pick shows without asking
  const loaded = useViewQuery(() => client.call('picking.list', { order: props.id }), [props.id])
  const pickList: OrderPickList | null = loaded.data
  const items = pickList?.items ?? []
  // a line's product: its SKU, or (a quality and colour) a roll that serves it; all of one unit (orders.create checks)
  const skuOf = (line: number) => pickList?.order.lines[line]?.sku ?? items.find((it) => it.line === line)?.sku ?? null
  const numbers = useQuantities([...items.map((it) => it.sku), ...(pickList?.lines.map((l) => skuOf(l.line)) ?? [])])
  const cursor = useListCursor(items.length)
  const selected = items[cursor.selected]
  // the shelf scanned last: a ref as well, because queued scans run before the next render
  const [location, setLocation] = useState<string | null>(null)
  const shelf = useRef<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [message, setMessage] = useState<Outcome | null>(null)

  const scans: ScanQueue = useScanQueue(async (code) => {
    const found = await client.call('scan.resolve', { code })
    if (found.kind === 'location') {
      shelf.current = found.location.code
      setLocation(found.location.code)
      return `at ${found.location.code}`
    }
    if (shelf.current === null) throw new Error(`scan the shelf first, then the roll (${code} is a ${found.kind})`)
    const picked = await client.call('picking.scan', { order: props.id, location: shelf.current, roll: code })
    return `picked ${picked.roll.code}: ${picked.shown}`
  })
  const entry = useCodeEntry(scans.push, { isActive: true })

  const act = (p: Promise<unknown>, ok: string) =>
    p.then(
      () => setMessage({ error: false, text: ok }),
      (err: Error) => setMessage({ error: true, text: err.message }),
    )
  useKeypress(
    (key) => {
      const command = commandFor(BINDINGS, key)
      if (confirming) {
        setConfirming(false)
        if (command === Command.confirm) void act(client.call('orders.fulfil', { order: props.id }), `order ${props.id} shipped`)
        else setMessage({ error: false, text: 'not shipped' })
        return true
      }
      if (cursor.move(command)) return true
      switch (command) {
        case Picking.shortPick:
          if (selected?.state === 'to-pick')
            void act(
              client.call('picking.short', {
                order: props.id,
                line: selected.line,
                roll: selected.roll,
                reason: `not found at ${selected.location}`,
              }),
              `short pick recorded: ${selected.roll}`,
            )
          return true
        case Picking.fulfil:
          setConfirming(true)
          return true
        case Command.back:
          props.back()
          return true
        default:
          return false
      }
    },
    { isActive: !entry.open },
  )

  const visible = Math.max(3, props.rows - 12 - (pickList?.lines.length ?? 0))
  const first = Math.max(0, Math.min(cursor.selected - 1, items.length - visible))
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text>
        <Text {...tone('title')}>
          Pick {props.id}
          {pickList?.order.customer != null ? ` — ${pickList.order.customer}` : ''}
        </Text>
        <Text {...tone('muted')}>{`  ${numbers.hint}`}</Text>
      </Text>
      {pickList?.lines.map((l) => (
        <Text key={l.line}>
          {` line ${l.line + 1} ${l.ask.padEnd(14).slice(0, 14)} ${numbers.show(l.ordered, skuOf(l.line)).padStart(12)} ordered ${numbers.show(l.picked, skuOf(l.line)).padStart(12)} picked${l.shorts > 0 ? `  ${l.shorts} short` : ''}`}
        </Text>
      ))}
      <Text>
        Shelf: <Text {...tone(location === null ? 'warn' : 'ok')}>{location ?? 'scan a shelf label'}</Text>
      </Text>
      <Box flexDirection="column" marginY={1}>
        {items.length === 0 && <Text {...tone('muted')}>Nothing held for this order: scan rolls of its products.</Text>}
        {items.slice(first, first + visible).map((it, i) => (
          <Text key={it.roll} {...(first + i === cursor.selected ? tone('selected') : it.state === 'picked' ? tone('muted') : {})}>
            {` ${it.state === 'picked' ? '✓' : ' '} ${it.location.padEnd(8)} ${it.roll.padEnd(16)} ${it.name.padEnd(18).slice(0, 18)} ${it.lot.padEnd(6).slice(0, 6)} ${numbers.show(it.milli, it.sku).padStart(11)} `}
          </Text>
        ))}
      </Box>
      <Text>{`Scans ${scans.received}  answered ${scans.done}  refused ${scans.refused}`}</Text>
      {scans.last !== null && (
        <Text {...tone(scans.last.ok ? 'ok' : 'error')}>
          {scans.last.ok ? '✓ ' : '✗ '}
          {scans.last.code}: {scans.last.text}
        </Text>
      )}
      {scans.lastRefused !== null && scans.lastRefused !== scans.last && (
        <Text {...tone('error')}>{`✗ earlier: ${scans.lastRefused.code}: ${scans.lastRefused.text}`}</Text>
      )}
      {confirming && <Text {...tone('warn')}>Ship {props.id} with the rolls picked? y ships, any other key does not.</Text>}
      <OutcomeLine outcome={message} />
      {entry.view}
    </Box>
  )
}

export const pickingScreen: ScreenEntry = {
  id: 'picking',
  label: 'Pick',
  roles: 'anyone',
  inMenu: true,
  bindings: BINDINGS,
  component: PickingScreen,
}
