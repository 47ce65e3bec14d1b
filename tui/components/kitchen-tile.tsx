import { Box, Text } from 'ink'
import { createContext, memo, useContext, type ReactNode } from 'react'
import { noColor, tone, type Tone } from '../theme.js'
import { ageOf, type AgeLevel, type Ageing, type BodyLine, type PlacedTile } from './kitchen-layout.js'
import { cut, pad } from './columns.js'
import { printableLine } from './printable.js'

/**
 * Cut to `width` with an ellipsis: a name may be cut, never silently. Control characters show as
 * U+FFFD: a ticket's text comes from the log, where any node or integration may have put an escape
 * code or a carriage return, and drawn as it is it moved the cursor over the next tile.
 */
export function fit(text: string, width: number): string {
  return cut(printableLine(text), width)
}

/** Left and right in one line of `width`: the right end (the age) always shows whole. */
function spread(left: string, right: string, width: number): string {
  const room = width - right.length - 1
  return `${pad(fit(left, Math.max(0, room)), Math.max(0, room))} ${right}`.slice(0, width)
}

const AGE_COLOUR = { fresh: 'green', warn: 'yellow', late: 'red' } as const
/** The border says the age too, without colour: thin when fresh, heavy when ageing, double when late. */
const AGE_BORDER = { fresh: 'single', warn: 'bold', late: 'double' } as const

/** A body line's text and style (the Text props it is drawn with). */
function line(body: BodyLine, width: number): { text: string; style: Tone } {
  switch (body.kind) {
    case 'item': {
      const { item } = body
      return { text: fit(`${item.done ? '✓' : ' '}${item.qty} ${item.name}`, width), style: item.done ? tone('muted') : BOLD }
    }
    case 'modifier':
      return { text: fit(`   + ${body.text}`, width), style: body.done ? tone('muted') : PLAIN }
    case 'allergy':
      return { text: fit(`   ALLERGY ${body.text}`, width), style: body.done ? tone('muted') : tone('error') }
    case 'note':
      return { text: fit(`   "${body.text}"`, width), style: body.done ? tone('muted') : PLAIN }
    case 'part':
      return { text: fit(`-- added (part ${body.part + 1}) --`, width), style: tone('warn') }
    case 'state':
      return { text: fit(` ${body.text} `, width), style: INVERSE }
  }
}

const PLAIN: Tone = {}
const BOLD: Tone = { bold: true }
const INVERSE: Tone = { inverse: true }
const sameStyle = (a: Tone, b: Tone) => a.color === b.color && a.bold === b.bold && a.inverse === b.inverse && a.dimColor === b.dimColor

/**
 * The body under the header: each run of lines drawn alike is one Text (its lines joined), plain
 * lines are bare text; the frame's text is the same as with a Text per line. Two Texts per line
 * (one for its newline) cost 200 open tickets at 160x48 about 5-10% more CPU a frame and 10% more
 * garbage collections (scripts/bench/kitchen-board.ts, 3 runs interleaved on a loaded machine).
 */
function bodyRuns(placed: PlacedTile, width: number): ReactNode[] {
  const lines = placed.body.map((b) => line(b, width))
  if (placed.hidden > 0) lines.push({ text: fit(`… ${placed.hidden} more`, width), style: tone('muted') })
  const runs: ReactNode[] = []
  for (let i = 0; i < lines.length;) {
    const { style } = lines[i]!
    let j = i + 1
    while (j < lines.length && sameStyle(lines[j]!.style, style)) j++
    const text = lines
      .slice(i, j)
      .map((l) => l.text)
      .join('\n')
    // the newline between runs stays outside their style: an inverse or coloured run starts on its own line
    const gap = i > 0 ? '\n' : ''
    if (sameStyle(style, PLAIN)) runs.push(`${gap}${text}`)
    else
      runs.push(
        gap,
        <Text key={i} {...style}>
          {text}
        </Text>,
      )
    i = j
  }
  return runs
}

/**
 * A tile's body, kept while it draws the same: the same ticket (a Tile is kept while its ticket's
 * `seq` holds), width, cut and colour mode. The same elements let React skip them, and their Text
 * apart from the age line's is left clean, so Ink does not measure its lines again each second.
 */
const bodies = new WeakMap<PlacedTile['tile'], { key: string; runs: ReactNode[]; text: ReactNode }>()
function keptBody(placed: PlacedTile, width: number): { runs: ReactNode[]; text: ReactNode } {
  const key = `${width} ${placed.body.length} ${placed.hidden} ${noColor()}`
  const kept = bodies.get(placed.tile)
  if (kept?.key === key) return kept
  const runs = bodyRuns(placed, width)
  const body = { key, runs, text: runs.length > 0 ? <Text>{runs}</Text> : null }
  bodies.set(placed.tile, body)
  return body
}

/** The board's clock (ms): only the age line of each tile reads it, so a tick redraws that line alone. */
export const BoardNow = createContext(0)

export interface TileViewProps {
  placed: PlacedTile
  /** What the tile is numbered with: the key that bumps it (its number on the page by default). */
  tag?: string
  width: number
  selected: boolean
  /** The age's level (fresh, warn, late): the border and colours; it changes twice in a ticket's life. */
  level: AgeLevel
  ageing: Ageing
}

/** Who and the age (`m:ss` and its marker): the one line of a tile that changes every second. */
function AgeLine({ who, firedAt, ageing, inner }: { who: string | null; firedAt: number; ageing: Ageing; inner: number }) {
  const age = ageOf(useContext(BoardNow), firedAt, ageing)
  const plain = noColor()
  return (
    <Text {...(plain ? (age.level === 'fresh' ? {} : { bold: true }) : { color: AGE_COLOUR[age.level] })}>
      {spread(who ?? '', `${age.text} ${age.marker.padEnd(2)}`, inner)}
    </Text>
  )
}

/** One ticket as a tile: number and age on top (inverse when selected), who and state, then its items. */
function TileViewInner({ placed, tag, width, selected, level, ageing }: TileViewProps) {
  const { tile } = placed
  const number = tag ?? String(placed.number)
  const inner = width - 2
  const plain = noColor()
  const headerTone = selected ? tone('selected') : plain ? { bold: true } : { color: AGE_COLOUR[level], bold: true }
  const header = (
    <Text {...headerTone}>{selected ? pad(fit(`${number} #${tile.label}`, inner), inner) : fit(`${number} #${tile.label}`, inner)}</Text>
  )
  const age = <AgeLine who={tile.who} firedAt={tile.firedAt} ageing={ageing} inner={inner} />
  const body = keptBody(placed, inner)
  // three Texts, not a Box per line: a tile is four layout nodes, not a dozen (200 open tickets
  // drew in 150 ms with a node per line at 160x48; the bench is scripts/bench/kitchen-board.ts).
  // The age line is a Text of its own so that its tick leaves the body's Text clean. A tile cut
  // shorter than its three lines and borders keeps them in one Text, drawn as it always was.
  const cramped = placed.height < 4 + placed.body.length + (placed.hidden > 0 ? 1 : 0)
  return (
    <Box
      flexDirection="column"
      width={width}
      height={placed.height}
      borderStyle={AGE_BORDER[level]}
      {...(plain ? {} : { borderColor: tile.held ? 'gray' : AGE_COLOUR[level] })}
    >
      {cramped ? (
        <Text>
          {/* the ticket's number whole on top (a cook calls it out); who and the age under it */}
          {header}
          {'\n'}
          {age}
          {body.runs.length > 0 && '\n'}
          {body.runs}
        </Text>
      ) : (
        <>
          {header}
          {age}
          {body.text}
        </>
      )}
    </Box>
  )
}

/**
 * Memoised on what it draws: the same tile (the screen keeps a tile while its ticket is unchanged),
 * place, body cut, selection and age level redraw nothing; the age line redraws on its own.
 */
const sameTile = (a: TileViewProps, b: TileViewProps): boolean =>
  a.placed.tile === b.placed.tile &&
  a.placed.number === b.placed.number &&
  a.tag === b.tag &&
  a.placed.height === b.placed.height &&
  a.placed.hidden === b.placed.hidden &&
  a.placed.body.length === b.placed.body.length &&
  a.width === b.width &&
  a.selected === b.selected &&
  a.level === b.level &&
  a.ageing === b.ageing

export const TileView = memo(TileViewInner, sameTile)
