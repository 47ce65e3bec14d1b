import { Box, Text } from 'ink'
import { useState } from 'react'
import { formatQuantity, type NumberStyle, type ResultOf } from '../../protocol/index.js'
import { useCodeEntry } from '../components/code-entry.js'
import { Command, commandFor, SCREEN_BINDINGS } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useNumberStyle } from '../hooks/use-number-style.js'
import { useScanQueue } from '../hooks/use-scan-queue.js'
import { useClient } from '../state/contexts.js'
import { tone } from '../theme.js'

type Lookup = ResultOf<'stock.lookup'>

function headline(found: Lookup, style: NumberStyle | null): string {
  const unit = found.product?.unit ?? 'm'
  if (found.kind === 'roll' && found.roll !== null) {
    const r = found.roll
    const where = r.state === 'in-stock' ? `at ${r.location}` : `${r.state}${r.order === null ? '' : ` (${r.order})`}`
    const held = r.state === 'in-stock' && r.order !== null ? `, held for ${r.order}` : ''
    return `roll ${r.code}: ${found.product?.name ?? r.sku}, lot ${r.lot}, ${formatQuantity({ milli: r.milli, unit }, style)}, ${where}${held}`
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
export function StockScreen(props: { back(): void; rows: number }) {
  const client = useClient()
  const numbers = useNumberStyle()
  const [found, setFound] = useState<Lookup | null>(null)
  const scans = useScanQueue(async (code) => {
    const result = await client.call('stock.lookup', { code })
    setFound(result)
    return result.kind
  })
  const entry = useCodeEntry(scans.push, { isActive: true })
  useKeypress(
    (key) => {
      if (commandFor(SCREEN_BINDINGS.stock, key) !== Command.back) return false
      props.back()
      return true
    },
    { isActive: !entry.open },
  )
  const unit = found?.product?.unit ?? 'm'
  const q = (milli: number) => formatQuantity({ milli, unit }, numbers.style)
  const room = Math.max(2, props.rows - 8 - (found?.balances.length ?? 0))
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>Stock lookup</Text>
      <Text>Scan a product, a roll or a shelf.</Text>
      {scans.last !== null && !scans.last.ok && <Text {...tone('error')}>✗ {scans.last.text}</Text>}
      {found !== null && (
        <Box flexDirection="column" marginY={1}>
          <Text {...tone('ok')}>{headline(found, numbers.style)}</Text>
          {found.balances.slice(0, 6).map((b) => (
            <Text key={`${b.sku}/${b.location}/${b.lot}`}>
              {`  ${b.sku.padEnd(14).slice(0, 14)} ${b.location.padEnd(8)} lot ${b.lot.padEnd(8).slice(0, 8)} ${q(b.milli).padStart(11)} on hand${b.reserved !== 0 ? `, ${q(b.reserved)} held` : ''}`}
            </Text>
          ))}
          {found.balances.some((b) => b.milli < 0) && <Text {...tone('error')}>✗ a balance is below zero: see Conflicts</Text>}
          {found.rolls.slice(0, room).map((r) => (
            <Text key={r.code} {...tone('muted')}>
              {`  ${r.code.padEnd(16)} ${r.sku.padEnd(14).slice(0, 14)} ${r.location.padEnd(8)} ${q(r.milli).padStart(9)} ${r.state}${r.order === null ? '' : ` ${r.order}`}`}
            </Text>
          ))}
          {found.rolls.length > room && <Text {...tone('muted')}>{`  … ${found.rolls.length - room} more rolls`}</Text>}
        </Box>
      )}
      {entry.view}
    </Box>
  )
}
