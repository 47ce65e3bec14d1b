import { Box, Text } from 'ink'
import { useRef, useState } from 'react'
import { localDay, roleAllows, type OrderRecord, type Partner, type Product } from '../../protocol/index.js'
import type { Column } from '../components/columns.js'
import { DetailView } from '../components/detail-view.js'
import { pickListDocument } from '../components/documents.js'
import { findPartner, matchesLine, resolveOrFind } from '../components/find.js'
import { OutcomeLine, type Outcome } from '../components/outcome-line.js'
import { Table } from '../components/table.js'
import { TextFieldView, useTextField } from '../components/text-field.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { Layer } from '../keys/dispatcher.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useNames } from '../hooks/use-names.js'
import { usePrinterChoice } from '../hooks/use-printer-choice.js'
import { useQuantities } from '../hooks/use-quantities.js'
import { useScan } from '../hooks/use-scan.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { useAppState, useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'

/** Orders' own commands, beside the shared ones. */
const Orders = { create: 'create', pickList: 'pickList', printer: 'printer' } as const

const BINDINGS = [
  { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'previous order' },
  { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'next order' },
  { command: Command.select, keys: [{ name: 'return' }], label: 'Enter', help: 'the selected order in full' },
  {
    command: Orders.create,
    keys: ['n'],
    label: 'n',
    help: 'new order (manager): the customer by name or code, then products and quantities; Enter on an empty product creates it',
  },
  { command: Orders.pickList, keys: ['p'], label: 'p', help: "print the selected order's pick list on the chosen printer" },
  { command: Orders.printer, keys: [{ name: 'tab' }], label: 'Tab', help: 'choose another printer' },
  { command: Command.back, keys: [{ name: 'escape' }, 'b'], label: 'Esc/b', help: 'back: the field before, the list, the menu' },
] satisfies readonly Binding[]

interface Draft {
  step: 'partner' | 'product' | 'quantity'
  partner: Partner | null
  product: Product | null
  lines: Array<{ product: Product; quantity: string }>
}
const EMPTY: Draft = { step: 'partner', partner: null, product: null, lines: [] }

/**
 * Orders, open first: every row opens in full, `p` prints its pick list, and a manager makes a
 * new one here (`n`): the customer by name or code ("atlas"), then lines of a product (by name or
 * code, as every scanning screen finds it) and a quantity in the product's unit. Enter on an empty
 * product creates the order through `orders.create`, which holds rolls for it as the CLI does.
 */
export function OrdersScreen(props: ScreenProps) {
  const client = useClient()
  const { person } = useAppState()
  const loaded = useViewQuery(() => client.call('orders.list', { limit: 200 }), [])
  const rank = { open: 0, fulfilled: 1, cancelled: 2 } as const
  const orders = [...(loaded.data ?? [])].sort((a, b) => rank[a.state] - rank[b.state] || b.at - a.at)
  const cursor = useListCursor(orders.length)
  const names = useNames(orders.map((o) => o.customer))
  const numbers = useQuantities(orders.flatMap((o) => o.lines.map((l) => l.sku)))
  const printers = usePrinterChoice()
  const [message, setMessage] = useState<Outcome | null>(null)
  const [detail, setDetail] = useState<OrderRecord | null>(null)
  const [draft, setDraftState] = useState<Draft | null>(null)
  // the draft is read at key time (a fast typist's Enter must see the step the last Enter made)
  const current = useRef<Draft | null>(null)
  const setDraft = (next: Draft | null) => {
    current.current = next
    setDraftState(next)
  }

  const submitStep = async (typed: string) => {
    const d = current.current
    if (d === null) return
    const text = typed.trim()
    if (d.step === 'partner') {
      if (text === '') return setDraft({ ...d, step: 'product' }) // an order for no one in particular (a walk-in)
      const one = await findPartner(client, text)
      return setDraft({ ...d, partner: one, step: 'product' })
    }
    if (d.step === 'product') {
      if (text === '') return create(d)
      const found = await resolveOrFind(client, text)
      if ('matches' in found) {
        const products = found.matches.filter((m) => m.kind === 'product')
        throw new Error(products.length === 0 ? `"${text}" is no product of this site` : matchesLine({ matches: products, text }))
      }
      const r = found.resolved
      if (r.kind === 'product') return setDraft({ ...d, product: r.product, step: 'quantity' })
      if (r.kind === 'roll') return setDraft({ ...d, product: r.product, step: 'quantity' }) // a roll's label names its product
      throw new Error(r.kind === 'unknown' ? `"${text}" is no product of this site` : `${text} is a ${r.kind}: type a product`)
    }
    if (text === '') throw new Error(`how much ${d.product!.name}? (in ${d.product!.unit})`)
    setDraft({ ...d, lines: [...d.lines, { product: d.product!, quantity: text }], product: null, step: 'product' })
  }

  const create = async (d: Draft) => {
    if (d.lines.length === 0) throw new Error('an order needs a line: type a product, then its quantity')
    const made = await client.call('orders.create', {
      customer: d.partner?.code ?? null,
      lines: d.lines.map((l) => ({ product: l.product.sku, quantity: l.quantity })),
    })
    setDraft(null)
    const short = made.unheld.length === 0 ? '' : `; short of stock on line ${made.unheld.map((u) => u.line + 1).join(', ')}`
    setMessage({
      error: made.unheld.length > 0,
      text: `order ${made.id} created${d.partner === null ? '' : ` for ${d.partner.name}`}, ${made.held} roll${made.held === 1 ? '' : 's'} held${short}`,
    })
  }

  const field = useTextField({
    isActive: draft !== null,
    priority: Layer.overlay,
    maxLength: 80,
    takeScans: true, // a product's barcode scanned into the form, as on every scanning screen
    onSubmit: (value) => {
      setMessage(null)
      submitStep(value).then(
        () => field.apply({ type: 'clear' }),
        (err: Error) => setMessage({ error: true, text: err.message }),
      )
    },
  })

  // in the form: Esc goes a field back (a quantity to its product), then drops the draft
  useKeypress(
    (key) => {
      if (key.name !== 'escape') return false
      const d = current.current!
      field.apply({ type: 'clear' })
      if (d.step === 'quantity') setDraft({ ...d, product: null, step: 'product' })
      else {
        setDraft(null)
        setMessage({ error: false, text: 'no order created' })
      }
      return true
    },
    { isActive: draft !== null, priority: Layer.overlay },
  )

  useKeypress(
    (key) => {
      const command = commandFor(BINDINGS, key)
      if (detail !== null) {
        if (command === Command.back) setDetail(null)
        return true
      }
      if (cursor.move(command)) return true
      const selected = orders[cursor.selected]
      switch (command) {
        case Command.select:
          if (selected !== undefined) setDetail(selected)
          return true
        case Orders.create:
          if (person === null || !roleAllows(person.role, ['manager'])) setMessage({ error: true, text: 'a new order needs a manager' })
          else {
            setMessage(null)
            setDraft(EMPTY)
          }
          return true
        case Orders.pickList:
          if (selected === undefined) return true
          client.call('picking.list', { order: selected.id }).then(
            (list) =>
              printers.print(
                pickListDocument(list, names.partner(selected.customer), (milli, sku) => numbers.show(milli, sku)),
                `pick list of ${selected.id}`,
                setMessage,
              ),
            (err: Error) => setMessage({ error: true, text: err.message }),
          )
          return true
        case Orders.printer:
          printers.next()
          return true
        case Command.back:
          props.back()
          return true
      }
      return false
    },
    { isActive: draft === null },
  )
  useScan(() => undefined, { isActive: draft === null }) // in the form a scan types into the field

  const width = props.width - 2
  if (detail !== null)
    return (
      <Box flexDirection="column" paddingX={1}>
        <DetailView
          title={`Order ${detail.id}`}
          width={width}
          fields={[
            ['customer', detail.customer === null ? 'none' : names.partnerAndCode(detail.customer)],
            ['state', detail.state],
            ...detail.lines.map(
              (l, i) => [`line ${i + 1}`, `${l.sku ?? `${l.quality} ${l.color}`}: ${numbers.show(l.milli, l.sku)}`] as const,
            ),
            ['held', detail.held.join(', ') || 'none'],
            ['picked', detail.picked.join(', ')],
            ['shipped', detail.fulfilled?.rolls.map((r) => r.code).join(', ')],
            ['cancelled', detail.cancelled === null ? null : `${detail.cancelled.reason} (by ${names.person(detail.cancelled.by)})`],
            ['created by', names.person(detail.createdBy)],
            ['created', localDay(detail.at, true)],
          ]}
        />
      </Box>
    )
  const columns: Column<OrderRecord>[] = [
    { header: 'order', kind: 'code', cell: (o) => o.id },
    { header: 'state', kind: 'code', cell: (o) => o.state },
    { header: 'lines', kind: 'number', cell: (o) => String(o.lines.length), optional: true },
    { header: 'held', kind: 'number', cell: (o) => String(o.held.length), optional: true },
    { header: 'customer', kind: 'text', cell: (o) => (o.customer === null ? '' : names.partner(o.customer)), min: 8 },
  ]
  const d = draft
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Orders</Text>
      <Text {...tone('muted')}>{printers.line}</Text>
      {d !== null && (
        <Box flexDirection="column" borderStyle="single" paddingX={1}>
          <Text {...tone('title')}>New order</Text>
          {d.step === 'partner' ? (
            <TextFieldView label="Customer" field={field.state} focused width={10} hint="name or code; Enter alone: none" />
          ) : (
            <Text>{`Customer  ${d.partner === null ? 'none' : `${d.partner.name} (${d.partner.code})`}`}</Text>
          )}
          {d.lines.map((l, i) => (
            <Text key={i}>
              {`${String(i + 1).padStart(2)}. ${l.product.sku} ${l.quantity} ${l.product.unit}  ${l.product.name}`.slice(0, width - 4)}
            </Text>
          ))}
          {d.step === 'product' && (
            <TextFieldView
              label="Product"
              field={field.state}
              focused
              width={10}
              hint={d.lines.length === 0 ? 'name or code' : 'Enter alone creates the order'}
            />
          )}
          {d.step === 'quantity' && d.product !== null && (
            <TextFieldView
              label={`${d.product.sku}`.slice(0, 9)}
              field={field.state}
              focused
              width={10}
              hint={`${d.product.unit}; ${numbers.hint}`}
            />
          )}
        </Box>
      )}
      <OutcomeLine outcome={message} />
      {loaded.error !== null && <Text {...tone('error')}>{`✗ ${loaded.error}`}</Text>}
      {orders.length === 0 && d === null && <Text>No orders yet. n makes one.</Text>}
      <Table
        columns={columns}
        rows={orders}
        width={width}
        height={Math.max(3, props.rows - 4 - (d === null ? 0 : d.lines.length + 5))}
        selected={d === null ? cursor.selected : null}
        rowKey={(o) => o.id}
        rowTone={(o) => (o.state === 'open' ? {} : tone('muted'))}
      />
    </Box>
  )
}

export const ordersScreen: ScreenEntry = {
  id: 'orders',
  label: 'Orders',
  // pickers print pick lists; making an order is a manager's (the `n` key says so in words)
  roles: ['picker'],
  inMenu: true,
  bindings: BINDINGS,
  component: OrdersScreen,
}
