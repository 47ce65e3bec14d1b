import stringWidth from 'string-width'
import { glyphs } from './cells.js'
import { ELLIPSIS } from './glyphs.js'

/**
 * Columns that keep codes whole. A lot "L2026-114" cut to "L2026-11" reads as another lot, so a
 * code is never cut: its column is as wide as its longest value. Only descriptions (names,
 * reasons) give way, and a cut one ends with an ellipsis. Numbers are right-aligned and whole.
 * When even the codes do not fit, the columns marked `optional` are dropped, last first.
 */
export interface Column<T> {
  /** The header shown above the column (also its minimum width when it has one). */
  header?: string
  /** The cell's text. */
  cell(row: T): string
  /** code: never cut; number: never cut, right-aligned; text: takes what is left, cut with an ellipsis. */
  kind: 'code' | 'number' | 'text'
  /** For text: the narrowest it may be before the table drops optional columns (default 6). */
  min?: number
  /** For text: never wider than this (default: all the room there is). */
  max?: number
  /** May be dropped on a narrow terminal (the last optional column goes first). */
  optional?: boolean
}

export interface Layout<T> {
  columns: readonly Column<T>[]
  widths: readonly number[]
}

const GAP = 1

/**
 * Widths are the terminal's cells, not characters: a CJK character or an emoji takes two, and a
 * name of them counted as one each pushed the columns after it out of line.
 */
export function cut(text: string, width: number): string {
  if (width <= 0) return ''
  if (stringWidth(text) <= width) return text
  if (width === 1) return ELLIPSIS
  let out = ''
  let used = 0
  for (const glyph of glyphs(text)) {
    if (used + glyph.cells > width - 1) break
    out += glyph.text
    used += glyph.cells
  }
  return out + ELLIPSIS
}

/** `text` padded with spaces to `width` cells, on the right (or the left: `start`). */
export function pad(text: string, width: number, start = false): string {
  const fill = ' '.repeat(Math.max(0, width - stringWidth(text)))
  return start ? fill + text : text + fill
}

function natural<T>(column: Column<T>, rows: readonly T[]): number {
  return Math.max(stringWidth(column.header ?? ''), ...rows.map((r) => stringWidth(column.cell(r))), 0)
}

/** Widths for `columns` over `rows` in `width` columns: codes and numbers whole, text shares the rest. */
export function layoutColumns<T>(columns: readonly Column<T>[], rows: readonly T[], width: number): Layout<T> {
  let shown = [...columns]
  for (;;) {
    const fixed = shown.filter((c) => c.kind !== 'text').reduce((sum, c) => sum + natural(c, rows), 0)
    const texts = shown.filter((c) => c.kind === 'text')
    const gaps = Math.max(0, shown.length - 1) * GAP
    const room = width - fixed - gaps
    const needed = texts.reduce((sum, c) => sum + Math.min(c.min ?? 6, natural(c, rows)), 0)
    const drop = shown.map((c) => c.optional === true).lastIndexOf(true)
    if (room < needed && drop >= 0) {
      shown = shown.filter((_, i) => i !== drop)
      continue
    }
    const textWidths = shareText(
      texts.map((c) => Math.min(c.max ?? Infinity, natural(c, rows))),
      texts.map((c) => c.min ?? 6),
      Math.max(0, room),
    )
    let t = 0
    const widths = shown.map((c) => (c.kind === 'text' ? textWidths[t++]! : natural(c, rows)))
    return { columns: shown, widths }
  }
}

/**
 * The room for text columns: each its natural width (`wants`) if all fit; else each first its
 * floor (its `min`, or less if it wants less), then what is left in proportion to what each wants
 * beyond its floor. Shares taken in order with floors on top ran out before the last column: a
 * node named "vm" was cut to a bare "…" at 60 columns. Floors that do not fit are given in order.
 */
function shareText(wants: readonly number[], mins: readonly number[], room: number): number[] {
  const total = wants.reduce((a, b) => a + b, 0)
  if (total <= room) return [...wants]
  const floors = wants.map((want, i) => Math.min(mins[i]!, want))
  const floorSum = floors.reduce((a, b) => a + b, 0)
  if (floorSum >= room) {
    let left = room
    return floors.map((f) => {
      const w = Math.min(f, left)
      left -= w
      return w
    })
  }
  const extra = wants.map((want, i) => want - floors[i]!)
  const extraSum = extra.reduce((a, b) => a + b, 0)
  const widths = floors.map((f, i) => f + Math.floor((extra[i]! / Math.max(1, extraSum)) * (room - floorSum)))
  let spare = room - widths.reduce((a, b) => a + b, 0)
  // what rounding left goes to the columns that still want it, first first
  for (let i = 0; i < widths.length && spare > 0; i++) {
    const more = Math.min(spare, wants[i]! - widths[i]!)
    widths[i]! += more
    spare -= more
  }
  return widths
}

/** One row as a line: codes padded, numbers right-aligned, text cut with an ellipsis. */
export function formatRow<T>(layout: Layout<T>, row: T): string {
  return layout.columns
    .map((c, i) => {
      const w = layout.widths[i]!
      const text = c.cell(row)
      if (c.kind === 'number') return pad(text, w, true)
      if (c.kind === 'code') return pad(text, w)
      return pad(cut(text, w), w)
    })
    .join(' '.repeat(GAP))
    .trimEnd()
}

/** The header line of a layout. */
export function formatHeader<T>(layout: Layout<T>): string {
  return layout.columns
    .map((c, i) =>
      c.kind === 'number' ? pad(c.header ?? '', layout.widths[i]!, true) : pad(cut(c.header ?? '', layout.widths[i]!), layout.widths[i]!),
    )
    .join(' '.repeat(GAP))
    .trimEnd()
}

/** Which rows a window of `height` shows so that `selected` is in it: the first index. */
export function windowStart(selected: number, total: number, height: number): number {
  if (total <= height) return 0
  const start = Math.max(0, selected - Math.floor(height / 2))
  return Math.min(start, total - height)
}
