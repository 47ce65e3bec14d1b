import { Box, Text } from 'ink'
import { useState } from 'react'
import type { CatalogMatch, ResultOf, RollRecord } from '../../protocol/index.js'
import { useCodeEntry } from '../components/code-entry.js'
import type { Column } from '../components/columns.js'
import { DetailView } from '../components/detail-view.js'
import { matchCode, matchLine, resolveOrFind } from '../components/find.js'
import { Table } from '../components/table.js'
import { HISTORY_BINDING, useHistory } from '../components/history-view.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useQuantities, type Quantities } from '../hooks/use-quantities.js'
import { useScanQueue } from '../hooks/use-scan-queue.js'
import { useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'

const BINDINGS = [
  { command: Command.typeCode, keys: ['/'], label: '/', help: 'type a code or a name ("Poplin", "pop-120-nv"); Enter looks it up' },
  { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'previous roll (or match)' },
  { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'next roll (or match)' },
  { command: Command.pageDown, keys: [{ name: 'pagedown' }], label: 'PgDn', help: 'a page further down the rolls' },
  { command: Command.pageUp, keys: [{ name: 'pageup' }], label: 'PgUp', help: 'a page back up' },
  { command: Command.select, keys: [{ name: 'return' }], label: 'Enter', help: 'the selected roll in full, or look up the selected match' },
  HISTORY_BINDING,
  { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'close the detail, or back to the menu' },
] satisfies readonly Binding[]

/** The record a lookup shows, for its history. */
function recordOf(found: Lookup): string | null {
  if (found.kind === 'roll' && found.roll !== null) return `roll/${found.roll.code}`
  if (found.kind === 'product' && found.product !== null) return `product/${found.product.sku}`
  if (found.location !== null) return `location/${found.location.code}`
  return null
}

type Lookup = ResultOf<'stock.lookup'>
type BalanceRow = Lookup['balances'][number]

function headline(found: Lookup, numbers: Quantities): string {
  if (found.kind === 'roll' && found.roll !== null) {
    const r = found.roll
    const where = r.state === 'in-stock' ? `at ${r.location}` : `${r.state}${r.order === null ? '' : ` (${r.order})`}`
    const held = r.state === 'in-stock' && r.order !== null ? `, held for ${r.order}` : ''
    return `roll ${r.code}: ${found.product?.name ?? r.sku}, lot ${r.lot}, ${numbers.show(r.milli, r.sku)}, ${where}${held}`
  }
  if (found.kind === 'product' && found.product !== null) {
    const p = found.product
    return `product ${p.sku}: ${p.name} (${p.unit}) ${Object.entries(p.attributes)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`
  }
  const l = found.location
  return l === null ? '?' : `location ${l.code}: rack ${l.rack}, bin ${l.bin}`
}

/** Stock lookup: scan (or type a code or a name), and see what it is, where it is and how much there is. */
export function StockLookupScreen(props: ScreenProps) {
  const client = useClient()
  const [found, setFound] = useState<Lookup | null>(null)
  const [matches, setMatches] = useState<CatalogMatch[] | null>(null)
  const [detail, setDetail] = useState<RollRecord | null>(null)
  const lookup = async (code: string) => {
    const result = await client.call('stock.lookup', { code })
    setFound(result)
    setMatches(null)
    setDetail(null)
    return result.kind
  }
  const scans = useScanQueue(async (text) => {
    // a code of the site (in any case), or a name: one match is looked up, several listed
    const what = await resolveOrFind(client, text)
    if ('matches' in what) {
      setMatches(what.matches)
      setFound(null)
      return `${what.matches.length} match "${text}": choose one (↑/↓, Enter)`
    }
    if (what.resolved.kind === 'unknown') throw new Error(`${text} is not a product, roll or location here, nor in any name`)
    return lookup(
      what.resolved.kind === 'product' ? what.resolved.product.sku : what.resolved.kind === 'location' ? what.resolved.location.code : text,
    )
  })
  const entry = useCodeEntry(scans.push, { isActive: detail === null })
  const rolls = found?.rolls ?? []
  const list: readonly unknown[] = matches ?? rolls
  const cursor = useListCursor(list.length)
  const history = useHistory(props.rows)
  useKeypress(
    (key) => {
      const command = commandFor(BINDINGS, key)
      if (detail !== null) {
        if (command === Command.back) setDetail(null)
        return true // the detail takes every key until it closes
      }
      if (cursor.move(command)) return true
      const record = found === null ? null : recordOf(found)
      if (command === HISTORY_BINDING.command && record !== null) history.open(record)
      else if (command === Command.pageDown) for (let i = 0; i < 10; i++) cursor.move(Command.down)
      else if (command === Command.pageUp) for (let i = 0; i < 10; i++) cursor.move(Command.up)
      else if (command === Command.select && matches !== null && matches[cursor.selected] !== undefined)
        scans.push(matchCode(matches[cursor.selected]!))
      else if (command === Command.select && rolls[cursor.selected] !== undefined) setDetail(rolls[cursor.selected]!)
      else if (command === Command.back) props.back()
      else return false
      return true
    },
    { isActive: !entry.open },
  )
  // a shelf holds products of every unit: each balance and roll in its own product's
  const numbers = useQuantities([found?.roll?.sku, ...(found?.balances.map((b) => b.sku) ?? []), ...rolls.map((r) => r.sku)])
  const width = props.width - 2
  const balanceColumns: Column<BalanceRow>[] = [
    { kind: 'code', cell: (b) => b.sku },
    { kind: 'code', cell: (b) => b.location },
    { kind: 'code', cell: (b) => `lot ${b.lot}` },
    { kind: 'number', cell: (b) => `${numbers.show(b.milli, b.sku)} on hand` },
    { kind: 'code', cell: (b) => (b.reserved !== 0 ? `${numbers.show(b.reserved, b.sku)} held` : ''), optional: true },
  ]
  const rollColumns: Column<RollRecord>[] = [
    { header: 'roll', kind: 'code', cell: (r) => r.code },
    { header: 'product', kind: 'code', cell: (r) => r.sku, optional: true },
    { header: 'shelf', kind: 'code', cell: (r) => r.location },
    { header: 'lot', kind: 'code', cell: (r) => r.lot },
    { header: 'quantity', kind: 'number', cell: (r) => numbers.show(r.milli, r.sku) },
    { header: 'order', kind: 'code', cell: (r) => r.order ?? '' },
    { header: 'state', kind: 'text', cell: (r) => r.state, min: 5 },
  ]
  const matchColumns: Column<CatalogMatch>[] = [{ kind: 'text', cell: matchLine, min: 10 }]
  // the height: title, hint, outcome, headline (two lines on a narrow terminal), code entry
  const head = found === null ? 0 : headline(found, numbers).length > width ? 2 : 1
  const free = Math.max(3, props.rows - 4 - head)
  const balanceRows = found === null ? 0 : Math.min(found.balances.length + 1, Math.max(2, Math.floor(free / 3)))
  const negative = found?.balances.some((b) => b.milli < 0) === true
  const rollRows = Math.max(2, free - balanceRows - (negative ? 1 : 0))
  if (detail !== null)
    return (
      <Box flexDirection="column" paddingX={1}>
        <Text {...tone('title')}>Stock lookup</Text>
        <DetailView
          title={`Roll ${detail.code}`}
          width={width}
          fields={[
            ['product', `${detail.sku}${found?.product?.sku === detail.sku ? ` ${found.product.name}` : ''}`],
            ['lot', detail.lot],
            ['shelf', detail.location],
            ['quantity', numbers.show(detail.milli, detail.sku)],
            ['state', detail.state],
            ['order', detail.order],
            ['received by', detail.receivedBy],
          ]}
        />
      </Box>
    )
  return (
    <Box flexDirection="column" paddingX={1}>
      <Box flexShrink={0}>
        <Text {...tone('title')}>Stock lookup</Text>
        <Text {...tone('muted')}>{props.width >= 70 ? '  scan, or / to type a code or a name' : ''}</Text>
      </Box>
      {scans.last !== null && !scans.last.ok ? (
        <Text {...tone('error')} wrap="truncate-end">
          ✗ {scans.last.text}
        </Text>
      ) : (
        <Text>{props.width >= 70 ? 'Scan a product, a roll or a shelf.' : 'Scan a product, roll or shelf.'}</Text>
      )}
      {matches !== null && (
        <Box flexDirection="column" marginTop={1}>
          <Text>{`${matches.length} match: ↑/↓ and Enter looks one up`}</Text>
          <Table
            columns={matchColumns}
            rows={matches}
            width={width}
            height={free - 1}
            selected={cursor.selected}
            rowKey={(m) => matchCode(m)}
          />
        </Box>
      )}
      {found !== null && (
        <Box flexDirection="column">
          <Text {...tone('ok')}>{headline(found, numbers)}</Text>
          {found.balances.length > 0 && (
            <Table
              columns={balanceColumns}
              rows={found.balances}
              width={width}
              height={balanceRows}
              rowKey={(b) => `${b.sku}/${b.location}/${b.lot}`}
            />
          )}
          {negative && <Text {...tone('error')}>✗ a balance is below zero: see Conflicts</Text>}
          {rolls.length > 0 && (
            <Table columns={rollColumns} rows={rolls} width={width} height={rollRows} selected={cursor.selected} rowKey={(r) => r.code} />
          )}
        </Box>
      )}
      {entry.view}
      {history.view}
    </Box>
  )
}

export const stockLookupScreen: ScreenEntry = {
  id: 'stock-lookup',
  label: 'Stock lookup',
  roles: ['picker'],
  inMenu: true,
  bindings: BINDINGS,
  component: StockLookupScreen,
}
