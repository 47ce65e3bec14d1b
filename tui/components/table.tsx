import { Box, Text } from 'ink'
import { tone, type Tone } from '../theme.js'
import { formatHeader, formatRow, layoutColumns, windowStart, type Column } from './columns.js'

export interface TableProps<T> {
  columns: readonly Column<T>[]
  rows: readonly T[]
  /** The columns the table may use (the screen's width less its padding). */
  width: number
  /** Lines the table may take, header and the "more" lines included. */
  height: number
  /** The highlighted row (a list cursor); the window scrolls to keep it in view. */
  selected?: number | null
  rowKey(row: T, index: number): string
  /** A row's colour when it is not selected. */
  rowTone?: (row: T) => Tone
  /** Show the header line (default: when any column has one). */
  header?: boolean
}

/**
 * A list drawn as columns (see columns.ts: codes whole, descriptions cut with an ellipsis) in a
 * window that scrolls with the cursor: "↑ 3 more" above and "↓ 2 more" below say what is out of
 * view instead of a dead "… 2 more rolls". Every list screen uses it, so a new screen gets the
 * habit by drawing its list through it.
 */
export function Table<T>(props: TableProps<T>) {
  const layout = layoutColumns(props.columns, props.rows, props.width)
  const header = props.header ?? props.columns.some((c) => c.header !== undefined)
  const total = props.rows.length
  const selected = props.selected ?? 0
  // the header and the two "more" lines come out of the height; never fewer than one row shown
  let room = Math.max(1, props.height - (header ? 1 : 0))
  if (total > room) room = Math.max(1, room - 2)
  const first = props.selected === null || props.selected === undefined ? 0 : windowStart(selected, total, room)
  const shown = props.rows.slice(first, first + room)
  const above = first
  const below = Math.max(0, total - first - shown.length)
  return (
    <Box flexDirection="column">
      {header && <Text {...tone('muted')}>{formatHeader(layout)}</Text>}
      {total > room && <Text {...tone('muted')}>{above > 0 ? `↑ ${above} more` : ' '}</Text>}
      {shown.map((row, i) => (
        <Text
          key={props.rowKey(row, first + i)}
          wrap="truncate-end"
          {...(props.selected !== null && props.selected !== undefined && first + i === selected
            ? tone('selected')
            : (props.rowTone?.(row) ?? {}))}
        >
          {formatRow(layout, row)}
        </Text>
      ))}
      {total > room && <Text {...tone('muted')}>{below > 0 ? `↓ ${below} more` : ' '}</Text>}
    </Box>
  )
}
