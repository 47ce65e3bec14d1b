import { Box, Text } from 'ink'
import { tone } from '../theme.js'
import { fit } from './kitchen-tile.js'
import { BoardNow, TileView } from './kitchen-tile.js'
import { ageOf, layoutBoard, type Ageing, type Tile } from './kitchen-layout.js'

export interface AllDayRow {
  name: string
  qty: number
}

export interface BoardViewProps {
  /** Oldest first. */
  tiles: readonly Tile[]
  width: number
  /** Rows for the tiles (the screen's title and footer taken off). */
  height: number
  /** Index of the selected tile in `tiles`. */
  selected: number
  now: number
  ageing: Ageing
  /** The all-day panel, when open: it takes a column on the right. */
  allDay: readonly AllDayRow[] | null
  /** The bump bar's tile keys, as labels: a page holds one tile per key, each drawn with its key. Absent: numbers, no limit. */
  tileKeys?: readonly string[]
  /** The keys that turn pages, for the footer (e.g. "PgDn/PgUp"). */
  pageKeys?: string
}

const PANEL_WIDTH = 22

/** A page holds one tile per tile key of the bar (none: as many as fit). */
export function perPageOf(tileKeys: readonly string[] | undefined): number {
  return tileKeys === undefined || tileKeys.length === 0 ? Infinity : tileKeys.length
}

/** The rail's width beside the all-day panel (open or not): the screen lays out the same page to read its keys. */
export function railWidthOf(width: number, panel: boolean): number {
  return panel ? Math.max(20, width - PANEL_WIDTH) : width
}

/** The rail of tiles (one page of it) and, when open, the all-day panel; pure, so the bench can time it. */
export function BoardView(props: BoardViewProps) {
  const panel = props.allDay !== null
  const railWidth = railWidthOf(props.width, panel)
  const layout = layoutBoard(props.tiles, railWidth, props.height, props.selected, perPageOf(props.tileKeys))
  const pages = layout.pageStarts.length
  return (
    <BoardNow.Provider value={props.now}>
      <Box flexDirection="column">
        <Box height={props.height}>
          {props.tiles.length === 0 && <Text {...tone('muted')}>No tickets for these stations. New ones show here as they are fired.</Text>}
          {layout.columns.map((column, c) => (
            <Box key={c} flexDirection="column" width={layout.tileWidth}>
              {column.map((placed) => (
                <TileView
                  key={placed.tile.id}
                  placed={placed}
                  tag={props.tileKeys?.[placed.number - 1] ?? String(placed.number)}
                  width={layout.tileWidth}
                  selected={placed.index === props.selected}
                  level={ageOf(props.now, placed.tile.firedAt, props.ageing).level}
                  ageing={props.ageing}
                />
              ))}
            </Box>
          ))}
          {panel && <AllDayPanel rows={props.allDay ?? []} height={props.height} />}
        </Box>
        <Text {...tone('muted')}>
          {fit(
            `${props.tiles.length} open  page ${layout.page + 1}/${pages}${pages > 1 ? `  ${props.pageKeys ?? '→ and ←'}: pages` : ''}  ` +
              `${props.tiles.filter((t) => t.held).length} held`,
            props.width,
          )}
        </Text>
      </Box>
    </BoardNow.Provider>
  )
}

function AllDayPanel(props: { rows: readonly AllDayRow[]; height: number }) {
  const room = Math.max(1, props.height - 3)
  return (
    <Box flexDirection="column" width={PANEL_WIDTH} borderStyle="single" paddingX={0}>
      <Text {...tone('title')}>{fit('All day (to make)', PANEL_WIDTH - 2)}</Text>
      {props.rows.length === 0 && <Text {...tone('muted')}>nothing to make</Text>}
      {props.rows.slice(0, room).map((r) => (
        <Text key={r.name}>{`${String(r.qty).padStart(3)} ${fit(r.name, PANEL_WIDTH - 6)}`}</Text>
      ))}
      {props.rows.length > room && <Text {...tone('muted')}>{`… ${props.rows.length - room} more`}</Text>}
    </Box>
  )
}
