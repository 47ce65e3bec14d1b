import { Box, Text } from 'ink'
import { useState } from 'react'
import type { ResultOf } from '../../protocol/index.js'
import { useCodeEntry } from '../components/code-entry.js'
import { HISTORY_BINDING, useHistory } from '../components/history-view.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useQuantities, type Quantities } from '../hooks/use-quantities.js'
import { useScanQueue } from '../hooks/use-scan-queue.js'
import { useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'

const BINDINGS = [
  { command: Command.typeCode, keys: ['/'], label: '/', help: 'type or paste a code instead of scanning (Enter sends it)' },
  HISTORY_BINDING,
  { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'back to the menu' },
] satisfies readonly Binding[]

/** The record a lookup shows, for its history. */
function recordOf(found: Lookup): string | null {
  if (found.kind === 'roll' && found.roll !== null) return `roll/${found.roll.code}`
  if (found.kind === 'product' && found.product !== null) return `product/${found.product.sku}`
  if (found.location !== null) return `location/${found.location.code}`
  return null
}

type Lookup = ResultOf<'stock.lookup'>

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

/** Stock lookup: scan (or type) anything, and see what it is, where it is and how much there is. */
export function StockLookupScreen(props: ScreenProps) {
  const client = useClient()
  const [found, setFound] = useState<Lookup | null>(null)
  const scans = useScanQueue(async (code) => {
    const result = await client.call('stock.lookup', { code })
    setFound(result)
    return result.kind
  })
  const entry = useCodeEntry(scans.push, { isActive: true })
  const history = useHistory(props.rows)
  useKeypress(
    (key) => {
      const command = commandFor(BINDINGS, key)
      const record = found === null ? null : recordOf(found)
      if (command === HISTORY_BINDING.command && record !== null) history.open(record)
      else if (command === Command.back) props.back()
      else return false
      return true
    },
    { isActive: !entry.open },
  )
  // a shelf holds products of every unit: each balance and roll in its own product's
  const numbers = useQuantities([found?.roll?.sku, ...(found?.balances.map((b) => b.sku) ?? []), ...(found?.rolls.map((r) => r.sku) ?? [])])
  const room = Math.max(2, props.rows - 8 - (found?.balances.length ?? 0))
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Stock lookup</Text>
      <Text>Scan a product, a roll or a shelf.</Text>
      {scans.last !== null && !scans.last.ok && <Text {...tone('error')}>✗ {scans.last.text}</Text>}
      {found !== null && (
        <Box flexDirection="column" marginY={1}>
          <Text {...tone('ok')}>{headline(found, numbers)}</Text>
          {found.balances.slice(0, 6).map((b) => (
            <Text key={`${b.sku}/${b.location}/${b.lot}`}>
              {`  ${b.sku.padEnd(14).slice(0, 14)} ${b.location.padEnd(8)} lot ${b.lot.padEnd(8).slice(0, 8)} ${numbers.show(b.milli, b.sku).padStart(11)} on hand${b.reserved !== 0 ? `, ${numbers.show(b.reserved, b.sku)} held` : ''}`}
            </Text>
          ))}
          {found.balances.some((b) => b.milli < 0) && <Text {...tone('error')}>✗ a balance is below zero: see Conflicts</Text>}
          {found.rolls.slice(0, room).map((r) => (
            <Text key={r.code} {...tone('muted')}>
              {`  ${r.code.padEnd(16)} ${r.sku.padEnd(14).slice(0, 14)} ${r.location.padEnd(8)} ${numbers.show(r.milli, r.sku).padStart(11)} ${r.state}${r.order === null ? '' : ` ${r.order}`}`}
            </Text>
          ))}
          {found.rolls.length > room && <Text {...tone('muted')}>{`  … ${found.rolls.length - room} more rolls`}</Text>}
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
  roles: 'anyone',
  inMenu: true,
  bindings: BINDINGS,
  component: StockLookupScreen,
}
