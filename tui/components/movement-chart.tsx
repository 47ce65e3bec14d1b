import { Box, Text } from 'ink'
import type { MovementDay } from '../../protocol/index.js'
import { tone } from '../theme.js'

/**
 * Stock movements per day as a stacked bar per day (people would rather look than read): one
 * segment per kind, each its own fill character so the chart reads on a monochrome screen too,
 * and '#', '=', '+', '.' where the terminal cannot draw blocks (LANG=C, an ASCII console).
 */

type Kind = 'received' | 'shipped' | 'moved' | 'adjusted'
const KINDS: readonly Kind[] = ['received', 'shipped', 'moved', 'adjusted']
const FILL: Record<'unicode' | 'ascii', Record<Kind, string>> = {
  unicode: { received: '█', shipped: '▓', moved: '▒', adjusted: '░' },
  ascii: { received: '#', shipped: '=', moved: '+', adjusted: '.' },
}
const COLOR: Record<Kind, string> = { received: 'green', shipped: 'cyan', moved: 'yellow', adjusted: 'magenta' }

/** Whether the terminal takes UTF-8 (the locale says so); otherwise the chart is drawn in ASCII. */
export function unicodeTerminal(env: NodeJS.ProcessEnv = process.env): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || ''
  return /utf-?8/i.test(locale)
}

const WEEKDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** The segments of one day's bar: each kind's share of `width` columns, at least one column for a kind that happened. */
export function segments(day: MovementDay, max: number, width: number): Array<[Kind, number]> {
  if (max === 0) return []
  const parts: Array<[Kind, number]> = KINDS.filter((k) => day[k] > 0).map((k) => [k, Math.max(1, Math.round((day[k] / max) * width))])
  // rounding up small kinds can overrun the width: take the excess off the widest
  let over = parts.reduce((sum, [, n]) => sum + n, 0) - width
  while (over > 0) {
    const widest = parts.reduce((a, b) => (b[1] > a[1] ? b : a))
    if (widest[1] <= 1) break
    widest[1]--
    over--
  }
  return parts
}

export function MovementChart(props: { days: readonly MovementDay[]; width: number; ascii?: boolean }) {
  const ascii = props.ascii ?? !unicodeTerminal()
  const fill = FILL[ascii ? 'ascii' : 'unicode']
  const plain = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== ''
  const total = (d: MovementDay) => d.received + d.shipped + d.moved + d.adjusted
  const max = Math.max(0, ...props.days.map(total))
  const figure = Math.max(1, String(max).length)
  // "Mon 12-01 " before the bar, " 23" after it
  const room = Math.max(4, props.width - 10 - figure - 2)
  return (
    <Box flexDirection="column">
      {props.days.map((d) => {
        const weekday = WEEKDAY[new Date(`${d.day}T12:00:00Z`).getUTCDay()]
        const parts = segments(d, max, room)
        return (
          <Text key={d.day}>
            {`${weekday} ${d.day.slice(5)} `}
            {parts.map(([kind, n]) => (
              <Text key={kind} {...(plain ? {} : { color: COLOR[kind] })}>
                {fill[kind].repeat(n)}
              </Text>
            ))}
            {` ${String(total(d)).padStart(figure)}`}
          </Text>
        )
      })}
      <Text {...tone('muted')}>{KINDS.map((k) => `${fill[k]} ${k}`).join('  ')}</Text>
    </Box>
  )
}
