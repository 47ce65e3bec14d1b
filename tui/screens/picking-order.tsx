import { Box, Text } from 'ink'
import { useEffect, useRef, useState } from 'react'
import type { OrderPickList, PickItem } from '../../protocol/index.js'
import { useCodeEntry } from '../components/code-entry.js'
import type { Column } from '../components/columns.js'
import { DetailView } from '../components/detail-view.js'
import { resolveOrFind, matchesLine } from '../components/find.js'
import { OutcomeLine, type Outcome } from '../components/outcome-line.js'
import { Table } from '../components/table.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useQuantities } from '../hooks/use-quantities.js'
import { useScanQueue, type ScanQueue } from '../hooks/use-scan-queue.js'
import { useUndo } from '../hooks/use-undo.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import { HISTORY_BINDING, useHistory } from '../components/history-view.js'

type Line = OrderPickList['lines'][number]

/** Picking's own commands, beside the shared ones. */
export const Picking = { shortPick: 'shortPick', fulfil: 'fulfil', undo: 'undo', detail: 'detail' } as const

export const BINDINGS = [
  { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'previous order / roll' },
  { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'next order / roll' },
  { command: Command.select, keys: [{ name: 'return' }], label: 'Enter', help: 'pick the selected order' },
  { command: Picking.detail, keys: ['d'], label: 'd', help: 'the selected order or roll in full (Esc closes)' },
  { command: Command.typeCode, keys: ['/'], label: '/', help: 'type or paste a code instead of scanning (Enter sends it)' },
  { command: Picking.undo, keys: ['u'], label: 'u', help: 'undo your last pick (within 2 minutes; refused once the order shipped)' },
  { command: Picking.shortPick, keys: ['s'], label: 's', help: 'the selected roll is not there: record a short pick (y confirms)' },
  { command: Picking.fulfil, keys: ['f'], label: 'f', help: 'ship the order with the rolls picked (y confirms)' },
  { command: Command.confirm, keys: ['y'], label: 'y', help: 'confirm' },
  HISTORY_BINDING,
  { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'back to the orders, then the menu' },
] satisfies readonly Binding[]

/** One order's pick list: scan a shelf, then its rolls; short picks, shipping and undo ask first. */
export function PickOrder(props: {
  id: string
  rows: number
  width: number
  customer(code: string | null): string
  back(): void
  /** The order shipped: the screen goes back to the open orders, saying so. */
  shipped(text: string): void
}) {
  const client = useClient()
  // reloaded whenever the view changes (the daemon pushes it), so a pick shows without asking
  const loaded = useViewQuery(() => client.call('picking.list', { order: props.id }), [props.id])
  const history = useHistory(props.rows)
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
  const [confirming, setConfirming] = useState<'ship' | 'short' | null>(null)
  const [detail, setDetail] = useState<PickItem | null>(null)
  const [message, setMessage] = useState<Outcome | null>(null)
  const undo = useUndo()
  // shipped or cancelled (here or on another node): no more "scan rolls" on an order that left
  const state = pickList?.order.state ?? 'open'
  useEffect(() => {
    if (state !== 'open') props.shipped(`order ${props.id} is ${state === 'fulfilled' ? 'shipped' : state}`)
  }, [state])

  const scans: ScanQueue = useScanQueue(async (code) => {
    const found = await resolveOrFind(client, code)
    if ('matches' in found) throw new Error(matchesLine(found))
    const what = found.resolved
    if (what.kind === 'location') {
      shelf.current = what.location.code
      setLocation(what.location.code)
      return `at ${what.location.code}`
    }
    if (shelf.current === null) throw new Error(`scan the shelf first, then the roll (${code} is a ${what.kind})`)
    const roll = what.kind === 'roll' ? what.roll.code : code
    const picked = await client.call('picking.scan', { order: props.id, location: shelf.current, roll })
    undo.did({ what: `pick of ${picked.roll.code}`, run: () => client.call('picking.unpick', { order: props.id, roll: picked.roll.code }) })
    return `picked ${picked.roll.code}: ${picked.shown}`
  })
  const entry = useCodeEntry(scans.push, { isActive: detail === null && confirming === null })

  const act = (p: Promise<unknown>, ok: string) =>
    p.then(
      () => setMessage({ error: false, text: ok }),
      (err: Error) => setMessage({ error: true, text: err.message }),
    )
  useKeypress(
    (key) => {
      const command = commandFor(BINDINGS, key)
      // the roll under the cursor now, not as of the last frame
      const selected = items[cursor.selected]
      if (detail !== null) {
        if (command === Command.back) setDetail(null)
        else if (command === HISTORY_BINDING.command) history.open(`roll/${detail.roll}`)
        return true
      }
      if (confirming !== null) {
        setConfirming(null)
        if (command !== Command.confirm)
          setMessage({ error: false, text: confirming === 'ship' ? 'not shipped' : 'no short pick recorded' })
        else if (confirming === 'ship')
          client.call('orders.fulfil', { order: props.id }).then(
            () => props.shipped(`order ${props.id} shipped`),
            (err: Error) => setMessage({ error: true, text: err.message }),
          )
        else if (selected?.state === 'to-pick')
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
      }
      if (cursor.move(command)) return true
      switch (command) {
        case Picking.shortPick:
          if (selected?.state === 'to-pick') setConfirming('short')
          else setMessage({ error: true, text: 'choose a roll still to pick (↑/↓), then s' })
          return true
        case Picking.fulfil:
          setConfirming('ship')
          return true
        case Picking.undo:
          void undo.undo().then(setMessage)
          return true
        case HISTORY_BINDING.command:
          history.open(`order/${props.id}`)
          return true
        case Picking.detail:
        case Command.select:
          if (selected !== undefined) setDetail(selected)
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

  const width = props.width - 2
  const lineColumns: Column<Line>[] = [
    { kind: 'code', cell: (l) => `line ${l.line + 1}` },
    { kind: 'code', cell: (l) => l.ask },
    { kind: 'number', cell: (l) => `${numbers.show(l.ordered, skuOf(l.line))} ordered` },
    { kind: 'number', cell: (l) => `${numbers.show(l.picked, skuOf(l.line))} picked` },
    { kind: 'code', cell: (l) => (l.shorts > 0 ? `${l.shorts} short` : ''), optional: true },
  ]
  const itemColumns: Column<PickItem>[] = [
    { kind: 'code', cell: (it) => (it.state === 'picked' ? '✓' : ' ') },
    { header: 'shelf', kind: 'code', cell: (it) => it.location },
    { header: 'roll', kind: 'code', cell: (it) => it.roll },
    { header: 'lot', kind: 'code', cell: (it) => it.lot },
    { header: 'quantity', kind: 'number', cell: (it) => numbers.show(it.milli, it.sku) },
    { header: 'product', kind: 'text', cell: (it) => it.name, min: 6 },
  ]
  const lineRows = Math.min((pickList?.lines.length ?? 0) + 1, Math.max(2, Math.floor(props.rows / 4)))
  const itemRows = Math.max(3, props.rows - lineRows - 7)
  const customer = pickList?.order.customer ?? null
  if (detail !== null)
    return (
      <Box flexDirection="column" paddingX={1}>
        <DetailView
          title={`Roll ${detail.roll}`}
          width={width}
          fields={[
            ['product', `${detail.sku} ${detail.name}`],
            ['lot', detail.lot],
            ['shelf', detail.location],
            ['quantity', numbers.show(detail.milli, detail.sku)],
            ['state', detail.state],
            ['order line', detail.line < 0 ? null : detail.line + 1],
          ]}
        />
        {history.view}
      </Box>
    )
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text wrap="truncate-end">
        <Text {...tone('title')}>
          Pick {props.id}
          {customer !== null ? ` — ${props.customer(customer)}` : ''}
        </Text>
        <Text {...tone('muted')}>{`  ${numbers.hint}`}</Text>
      </Text>
      {pickList !== null && pickList.lines.length > 0 && (
        <Table columns={lineColumns} rows={pickList.lines} width={width} height={lineRows} header={false} rowKey={(l) => String(l.line)} />
      )}
      <Text>
        Shelf: <Text {...tone(location === null ? 'warn' : 'ok')}>{location ?? 'scan a shelf label'}</Text>
        {undo.last !== null && <Text {...tone('muted')}>{`   u undoes the ${undo.last.what}`}</Text>}
      </Text>
      {items.length === 0 && <Text {...tone('muted')}>Nothing held for this order: scan rolls of its products.</Text>}
      {items.length > 0 && (
        <Table
          columns={itemColumns}
          rows={items}
          width={width}
          height={itemRows}
          selected={cursor.selected}
          rowKey={(it) => it.roll}
          rowTone={(it) => (it.state === 'picked' ? tone('muted') : {})}
        />
      )}
      <Text>{`Scans ${scans.received}  answered ${scans.done}  refused ${scans.refused}`}</Text>
      {scans.last !== null && (
        <Text {...tone(scans.last.ok ? 'ok' : 'error')} wrap="truncate-end">
          {scans.last.ok ? '✓ ' : '✗ '}
          {scans.last.code}: {scans.last.text}
        </Text>
      )}
      {scans.lastRefused !== null && scans.lastRefused !== scans.last && (
        <Text {...tone('error')} wrap="truncate-end">{`✗ earlier: ${scans.lastRefused.code}: ${scans.lastRefused.text}`}</Text>
      )}
      {confirming === 'ship' && <Text {...tone('warn')}>Ship {props.id} with the rolls picked? y ships, any other key does not.</Text>}
      {confirming === 'short' && selected !== undefined && (
        <Text {...tone('warn')}>{`Record ${selected.roll} as not found at ${selected.location} (a short pick)? y records it.`}</Text>
      )}
      <OutcomeLine outcome={message} />
      {entry.view}
      {history.view}
    </Box>
  )
}
