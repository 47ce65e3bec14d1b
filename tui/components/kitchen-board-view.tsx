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
}

const PANEL_WIDTH = 22

/** The rail of tiles (one page of it) and, when open, the all-day panel; pure, so the bench can time it. */
export function BoardView(props: BoardViewProps) {
  const panel = props.allDay !== null
  const railWidth = panel ? Math.max(20, props.width - PANEL_WIDTH) : props.width
  const layout = layoutBoard(props.tiles, railWidth, props.height, props.selected)
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
            `${props.tiles.length} open  page ${layout.page + 1}/${pages}${pages > 1 ? '  → and ← move across pages' : ''}  ` +
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
