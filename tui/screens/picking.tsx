import { Box, Text } from 'ink'
import { useRef, useState } from 'react'
import type { OrderRecord } from '../../protocol/index.js'
import type { Column } from '../components/columns.js'
import { DetailView } from '../components/detail-view.js'
import { Table } from '../components/table.js'
import { Command, commandFor } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { HISTORY_BINDING, useHistory } from '../components/history-view.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useNames } from '../hooks/use-names.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { useClient } from '../state/contexts.js'
import { useKept } from '../state/kept.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'
import { OutcomeLine, type Outcome } from '../components/outcome-line.js'
import { BINDINGS, PickOrder, Picking } from './picking-order.js'

/**
 * Pick: choose an open order, then walk its pick list (sorted by location) with the scanner:
 * scan a shelf, then the rolls on it. A wrong roll, a roll of another order or one picked
 * already is refused in red with the bell. `s` records a short pick, `f` ships the order (each
 * asks first), `u` undoes your last pick. After shipping, the screen is back on the open orders.
 */
export function PickingScreen(props: ScreenProps) {
  const client = useClient()
  const orders = useViewQuery(() => client.call('orders.list', { state: 'open', limit: 50 }), [])
  const list = orders.data ?? []
  const names = useNames(list.map((o) => o.customer))
  const cursor = useListCursor(list.length)
  // the order being picked stays when the person goes to the menu and comes back
  const current = useRef<string | null>(null)
  const kept: string | null = useKept<string | null>('picking.order', null, (): string | null => current.current)
  const [order, setOrder] = useState<string | null>(kept)
  current.current = order
  const [detail, setDetail] = useState<OrderRecord | null>(null)
  const [message, setMessage] = useState<Outcome | null>(null)
  const history = useHistory(props.rows)

  useKeypress(
    (key) => {
      const command = commandFor(BINDINGS, key)
      if (detail !== null) {
        if (command === Command.back) setDetail(null)
        return true
      }
      if (cursor.move(command)) return true
      if (command === Command.select && list[cursor.selected] !== undefined) {
        setMessage(null)
        setOrder(list[cursor.selected]!.id)
      } else if (command === Picking.detail && list[cursor.selected] !== undefined) setDetail(list[cursor.selected]!)
      else if (command === HISTORY_BINDING.command && list[cursor.selected] !== undefined)
        history.open(`order/${list[cursor.selected]!.id}`)
      else if (command === Command.back) props.back()
      else return false
      return true
    },
    { isActive: order === null },
  )

  if (order !== null)
    return (
      <PickOrder
        id={order}
        rows={props.rows}
        width={props.width}
        customer={(code) => names.partner(code)}
        back={() => setOrder(null)}
        shipped={(text) => {
          setMessage({ error: false, text })
          setOrder(null)
        }}
      />
    )
  const columns: Column<OrderRecord>[] = [
    { kind: 'code', cell: (o) => o.id },
    { kind: 'text', cell: (o) => names.partner(o.customer), min: 8 },
    { kind: 'number', cell: (o) => `${o.lines.length} line(s)` },
    { kind: 'number', cell: (o) => `${o.held.length} held`, optional: true },
    { kind: 'number', cell: (o) => `${o.picked.length} picked` },
  ]
  if (detail !== null)
    return (
      <Box flexDirection="column" paddingX={1}>
        <DetailView
          title={`Order ${detail.id}`}
          width={props.width - 2}
          fields={[
            ['customer', detail.customer === null ? null : names.partnerAndCode(detail.customer)],
            ['state', detail.state],
            ['lines', detail.lines.map((l) => l.sku ?? [l.quality, l.color].filter(Boolean).join(' ')).join(', ')],
            ['held', detail.held.join(' ')],
            ['picked', detail.picked.join(' ')],
          ]}
        />
      </Box>
    )
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Pick — open orders</Text>
      {list.length === 0 && <Text {...tone('muted')}>No open orders.</Text>}
      {list.length > 0 && (
        <Table
          columns={columns}
          rows={list}
          width={props.width - 2}
          height={props.rows - 3}
          selected={cursor.selected}
          rowKey={(o) => o.id}
        />
      )}
      <OutcomeLine outcome={message} />
      <Text {...tone('muted')}>↑/↓ and Enter to pick an order; d for its detail; h its history; Esc for the menu.</Text>
      {history.view}
    </Box>
  )
}

export const pickingScreen: ScreenEntry = {
  id: 'picking',
  label: 'Pick',
  roles: ['picker'],
  inMenu: true,
  bindings: BINDINGS,
  component: PickingScreen,
}
