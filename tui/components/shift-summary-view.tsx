import { Box, Text } from 'ink'
import type { ShiftSummary } from '../../protocol/index.js'
import { cut, type Column } from './columns.js'
import { money } from './kitchen-entry.js'
import { printableLine } from './printable.js'
import { Table } from './table.js'

const minutes = (ms: number | null) => (ms === null ? '—' : `${(ms / 60_000).toFixed(1)} min`)

type Prep = ShiftSummary['prep'][number]
type Cancelled = ShiftSummary['cancellations'][number]

/** Prep per station: the station whole, the times right-aligned; a column apart each (columns.ts). */
const PREP_COLUMNS: readonly Column<Prep>[] = [
  { header: 'station', kind: 'code', cell: (p) => p.station },
  { header: 'avg', kind: 'number', cell: (p) => minutes(p.averageMs) },
  { header: 'p90', kind: 'number', cell: (p) => minutes(p.p90Ms), optional: true },
  { header: 'items', kind: 'number', cell: (p) => String(p.items), optional: true },
]
const CANCEL_COLUMNS: readonly Column<Cancelled>[] = [
  { header: 'cancelled', kind: 'text', cell: (c) => printableLine(c.reason), min: 8 },
  { header: 'tickets', kind: 'number', cell: (c) => String(c.tickets) },
]

/** What a summary is of, in a few words: the truck or place, or the tickets outside any shift. */
function summaryName(s: ShiftSummary): string {
  return s.shift !== null ? printableLine(s.shift.who) : 'outside any shift'
}

/**
 * A shift's numbers in `width` columns and at most `height` lines: every line cut to the width
 * with an ellipsis, the tables through columns.ts, so nothing runs into the list beside it.
 */
export function ShiftSummaryView(props: { summary: ShiftSummary; width: number; height: number }) {
  const { summary: s, width } = props
  const prepHeight = s.prep.length === 0 ? 0 : Math.min(s.prep.length + 1, Math.max(2, props.height - 3))
  const cancelHeight = s.cancellations.length === 0 ? 0 : Math.max(0, Math.min(s.cancellations.length + 1, props.height - 2 - prepHeight))
  // the numbers whole, the name cut before them
  const numbers = `${s.tickets} tickets, ${s.items} items, ${money(s.revenue)}`
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{`${cut(summaryName(s), Math.max(1, width - numbers.length - 2))}: ${numbers}`}</Text>
      <Text>{cut(`served ${s.served}  open ${s.open}  oversold ${s.oversold}`, width)}</Text>
      {prepHeight > 0 && <Table columns={PREP_COLUMNS} rows={s.prep} width={width} height={prepHeight} rowKey={(p) => p.station} />}
      {cancelHeight > 1 && (
        <Table columns={CANCEL_COLUMNS} rows={s.cancellations} width={width} height={cancelHeight} rowKey={(c) => c.reason} />
      )}
    </Box>
  )
}
