/**
 * The kitchen board's layout, pure: which tickets show as tiles, where, and how old they look.
 * Tiles flow in columns, oldest first: down the first column while they fit, then the next, as a
 * cook reads a rail left to right. A bigger terminal gets more and taller columns, so more tiles.
 */

/** One line of an item on a tile (the view model; the board maps the protocol's ticket to it). */
export interface TileItem {
  key: string
  qty: number
  name: string
  modifiers: readonly string[]
  notes: string | null
  allergies: readonly string[]
  station: string
  /** This station has bumped it. */
  done: boolean
  /** 0: the ticket as entered; 1, 2...: items added later, shown apart. */
  part: number
}

export interface Tile {
  id: string
  /** What a cook calls out: the ticket's number. */
  label: string
  /** Name or table. */
  who: string | null
  state: string
  held: boolean
  /** When it was fired (ms): the age timer counts from here. */
  firedAt: number
  items: readonly TileItem[]
}

export interface Ageing {
  /** Minutes after which a tile turns to "warn" and to "late" (default 5 and 8). */
  warn: number
  late: number
}

export const DEFAULT_AGEING: Ageing = { warn: 5, late: 8 }

export type AgeLevel = 'fresh' | 'warn' | 'late'

export interface Age {
  /** "m:ss" under an hour, "h:mm:ss" after. */
  text: string
  level: AgeLevel
  /** Read without colour (NO_COLOR, a colour-blind cook): nothing, "!" or "!!". */
  marker: '' | '!' | '!!'
}

export function ageOf(now: number, firedAt: number, ageing: Ageing): Age {
  const seconds = Math.max(0, Math.floor((now - firedAt) / 1000))
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = String(seconds % 60).padStart(2, '0')
  const text = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
  const minutes = seconds / 60
  const level: AgeLevel = minutes >= ageing.late ? 'late' : minutes >= ageing.warn ? 'warn' : 'fresh'
  return { text, level, marker: level === 'late' ? '!!' : level === 'warn' ? '!' : '' }
}

/** A tile is never narrower: "9 #123  12:34!!" and an item line "2 Burger" must read. */
export const MIN_TILE_WIDTH = 20
/** Border (2) and the two header lines. */
const TILE_CHROME = 4

/** The lines of a tile's body, in order: item lines, their modifiers, notes and allergies, part breaks. */
export type BodyLine =
  | { kind: 'item'; item: TileItem }
  | { kind: 'modifier'; text: string; done: boolean }
  | { kind: 'note'; text: string; done: boolean }
  | { kind: 'allergy'; text: string; done: boolean }
  | { kind: 'part'; part: number }
  | { kind: 'state'; text: string }

/**
 * A tile's body lines, kept per tile: the board lays out every page each frame to number them
 * (200 open tickets: 200 tiles a frame, about 80 KB of garbage at 160x48), and a Tile is not
 * changed once made (the screen makes a new one when its ticket changes).
 */
const kept = new WeakMap<Tile, readonly BodyLine[]>()
export function bodyLines(tile: Tile): readonly BodyLine[] {
  let lines = kept.get(tile)
  if (lines === undefined) {
    lines = linesOf(tile)
    kept.set(tile, lines)
  }
  return lines
}

function linesOf(tile: Tile): BodyLine[] {
  const lines: BodyLine[] = []
  // said in words, not only by colour: held (nothing bumps until resumed), or ready to go out
  if (tile.held) lines.push({ kind: 'state', text: 'HOLD' })
  else if (tile.state === 'ready') lines.push({ kind: 'state', text: 'READY' })
  let part = 0
  for (const item of tile.items) {
    if (item.part !== part) {
      part = item.part
      lines.push({ kind: 'part', part })
    }
    lines.push({ kind: 'item', item })
    for (const m of item.modifiers) lines.push({ kind: 'modifier', text: m, done: item.done })
    if (item.allergies.length > 0) lines.push({ kind: 'allergy', text: item.allergies.join(', '), done: item.done })
    if (item.notes !== null && item.notes !== '') lines.push({ kind: 'note', text: item.notes, done: item.done })
  }
  return lines
}

export interface PlacedTile {
  tile: Tile
  /** 1-based, in reading order on this page: what the bump bar's key N bumps. */
  number: number
  /** Its index in the whole list (across pages). */
  index: number
  height: number
  /** Body lines that fit; `hidden` more were cut (shown as "… N more"). */
  body: readonly BodyLine[]
  hidden: number
}

export interface BoardLayout {
  tileWidth: number
  columns: PlacedTile[][]
  /** Index (in the whole list) of the first tile on each page. */
  pageStarts: number[]
  page: number
}

/**
 * Flow `tiles` (oldest first) into columns of `height` rows across `width`, starting at
 * `first`. A tile taller than a column is cut to it; the tile that does not fit starts the next
 * column, and the tile that does not fit in the last column starts the next page.
 *
 * `perPage`: a page holds at most this many tiles, the bump bar's tile keys (issue #17: at 160x48
 * a page held 30 tiles and keys 1-9 reached only the first 9). They are spread over the columns
 * (at 160x48: 2, 1, 1, ...), not piled into the first two, so a big screen gives them room.
 */
export function flowPage(tiles: readonly Tile[], width: number, height: number, first: number, perPage = Infinity): PlacedTile[][] {
  const count = Math.max(1, Math.floor(width / MIN_TILE_WIDTH))
  const columns: PlacedTile[][] = []
  let i = first
  let number = 1
  for (let c = 0; c < count && i < tiles.length && number <= perPage; c++) {
    const column: PlacedTile[] = []
    let used = 0
    // this column's share of what the page has left
    const share = Math.ceil((perPage - number + 1) / (count - c))
    while (i < tiles.length && column.length < share) {
      const tile = tiles[i]!
      const body = bodyLines(tile)
      const room = height - used - TILE_CHROME
      const wanted = body.length + TILE_CHROME
      // a tile always gets a column of its own when it is the first in it, cut to fit
      if (used > 0 && wanted > height - used) break
      if (room < 1 && used > 0) break
      const fits = body.length <= room
      const shown = fits ? body : body.slice(0, Math.max(0, room - 1))
      const placed: PlacedTile = {
        tile,
        number: number++,
        index: i,
        height: Math.min(wanted, height - used),
        body: shown,
        hidden: body.length - shown.length,
      }
      column.push(placed)
      used += placed.height
      i++
    }
    columns.push(column)
  }
  return columns
}

/** Every page's first tile, so PageDown and the arrows can move across pages. */
export function pageStarts(tiles: readonly Tile[], width: number, height: number, perPage = Infinity): number[] {
  const starts = [0]
  let first = 0
  while (first < tiles.length) {
    const placed = flowPage(tiles, width, height, first, perPage).flat()
    const next = first + Math.max(1, placed.length)
    if (next >= tiles.length) break
    starts.push(next)
    first = next
  }
  return starts
}

/** The page holding the tile at `index` (the selected one), laid out; `perPage` as flowPage's. */
export function layoutBoard(tiles: readonly Tile[], width: number, height: number, index: number, perPage = Infinity): BoardLayout {
  const starts = pageStarts(tiles, width, height, perPage)
  let page = 0
  for (let p = 0; p < starts.length; p++) if (starts[p]! <= index) page = p
  const columns = flowPage(tiles, width, height, starts[page] ?? 0, perPage)
  const tileWidth = Math.max(MIN_TILE_WIDTH, Math.floor(width / Math.max(1, Math.floor(width / MIN_TILE_WIDTH))))
  return { tileWidth, columns, pageStarts: starts, page }
}

/** Oldest first; held tickets keep their place (a cook looks for them where they were). */
export function byAge(tiles: readonly Tile[]): Tile[] {
  return [...tiles].sort((a, b) => a.firedAt - b.firedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
