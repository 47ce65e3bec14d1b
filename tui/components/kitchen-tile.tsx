import { Box, Text } from 'ink'
import { memo } from 'react'
import { noColor, tone } from '../theme.js'
import { ageOf, type Age, type Ageing, type BodyLine, type PlacedTile } from './kitchen-layout.js'

/** Cut to `width` with an ellipsis: a name may be cut, never silently. */
export function fit(text: string, width: number): string {
  if (width <= 0) return ''
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`
}

/** Left and right in one line of `width`: the right end (the age) always shows whole. */
function spread(left: string, right: string, width: number): string {
  const room = width - right.length - 1
  return `${fit(left, Math.max(0, room)).padEnd(Math.max(0, room))} ${right}`.slice(0, width)
}

const AGE_COLOUR = { fresh: 'green', warn: 'yellow', late: 'red' } as const
/** The border says the age too, without colour: thin when fresh, heavy when ageing, double when late. */
const AGE_BORDER = { fresh: 'single', warn: 'bold', late: 'double' } as const

function line(body: BodyLine, width: number) {
  switch (body.kind) {
    case 'item': {
      const { item } = body
      const text = fit(`${item.done ? '✓' : ' '}${item.qty} ${item.name}`, width)
      return <Text {...(item.done ? tone('muted') : { bold: true })}>{text}</Text>
    }
    case 'modifier':
      return <Text {...(body.done ? tone('muted') : {})}>{fit(`   + ${body.text}`, width)}</Text>
    case 'allergy':
      return <Text {...(body.done ? tone('muted') : tone('error'))}>{fit(`   ALLERGY ${body.text}`, width)}</Text>
    case 'note':
      return <Text {...(body.done ? tone('muted') : {})}>{fit(`   "${body.text}"`, width)}</Text>
    case 'part':
      return <Text {...tone('warn')}>{fit(`-- added (part ${body.part + 1}) --`, width)}</Text>
    case 'state':
      return <Text inverse>{fit(` ${body.text} `, width)}</Text>
  }
}

export interface TileViewProps {
  placed: PlacedTile
  width: number
  selected: boolean
  now: number
  ageing: Ageing
}

/** One ticket as a tile: number and age on top (inverse when selected), who and state, then its items. */
function TileViewInner({ placed, width, selected, now, ageing }: TileViewProps) {
  const { tile } = placed
  const age: Age = ageOf(now, tile.firedAt, ageing)
  const inner = width - 2
  const plain = noColor()
  const headerTone = selected ? tone('selected') : plain ? { bold: true } : { color: AGE_COLOUR[age.level], bold: true }
  // one Text of nested lines, not a Box per line: a tile is two layout nodes, not a dozen (200 open
  // tickets drew in 150 ms with a node per line at 160x48; the bench is scripts/bench/kitchen-board.ts)
  return (
    <Box
      flexDirection="column"
      width={width}
      height={placed.height}
      borderStyle={AGE_BORDER[age.level]}
      {...(plain ? {} : { borderColor: tile.held ? 'gray' : AGE_COLOUR[age.level] })}
    >
      <Text>
        {/* the ticket's number whole on top (a cook calls it out); who and the age under it */}
        <Text {...headerTone}>
          {selected ? fit(`${placed.number} #${tile.label}`, inner).padEnd(inner) : fit(`${placed.number} #${tile.label}`, inner)}
        </Text>
        {'\n'}
        <Text {...(plain ? (age.level === 'fresh' ? {} : { bold: true }) : { color: AGE_COLOUR[age.level] })}>
          {spread(tile.who ?? '', `${age.text} ${age.marker.padEnd(2)}`, inner)}
        </Text>
        {placed.body.map((b, i) => (
          <Text key={i}>
            {'\n'}
            {line(b, inner)}
          </Text>
        ))}
        {placed.hidden > 0 && <Text {...tone('muted')}>{`\n${fit(`… ${placed.hidden} more`, inner)}`}</Text>}
      </Text>
    </Box>
  )
}

/** Memoised: a tile redraws when its ticket, place, selection or second changes, not on every board render. */
export const TileView = memo(TileViewInner)
