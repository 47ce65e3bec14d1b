import { Box, Text } from 'ink'
import { localTime, type ActivityItem, type Overview } from '../../protocol/index.js'
import { MovementChart } from '../components/movement-chart.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useQuantities } from '../hooks/use-quantities.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'

const BINDINGS = [
  { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'back to the menu' },
] satisfies readonly Binding[]

const DAYS = 7
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** Today's facts, each whole: the line wraps between them, never inside one. */
function todayFacts(o: Overview): string[] {
  const t = o.today
  return [
    `received ${plural(t.receivedRolls, 'roll')}`,
    `picked ${t.picks}`,
    `shipped ${plural(t.shippedOrders, 'order')} (${plural(t.shippedRolls, 'roll')})`,
    `moved ${plural(t.movedRolls, 'roll')}`,
  ]
}

function activityLine(a: ActivityItem, width: number): string {
  const text = `${localTime(a.at)} ${a.name} (${a.node}) ${a.what}${a.count > 1 ? ` x${a.count}` : ''}${a.status === 'rejected' ? `, refused: ${a.reason ?? ''}` : ''}`
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`
}

/** The SKU and figures whole; the name cut with an ellipsis where the width ends. */
function lowLine(head: string, name: string, width: number): string {
  const room = width - head.length - 2
  if (room < 4) return head
  return `${head}  ${name.length <= room ? name : `${name.slice(0, room - 1)}…`}`
}

/**
 * A manager's overview: today's work, what is open, what runs low, who did what lately, and a
 * chart of the last days' stock movements. It reloads whenever the view changes.
 */
export function OverviewScreen(props: ScreenProps) {
  const client = useClient()
  const loaded = useViewQuery(() => client.call('overview.get', { days: DAYS, tzOffset: new Date().getTimezoneOffset(), activity: 20 }), [])
  useKeypress((key) => {
    if (commandFor(BINDINGS, key) !== Command.back) return false
    props.back()
    return true
  })
  const o = loaded.data
  const numbers = useQuantities(o?.low.map((l) => l.sku) ?? [])
  // wide terminals put the activity beside the chart; narrow ones below it
  const wide = props.width >= 120
  const left = wide ? Math.floor(props.width * 0.55) : props.width - 2
  const right = wide ? props.width - left - 4 : props.width - 2
  const lowRows = Math.min(o?.low.length ?? 0, props.rows >= 30 ? 6 : 2)
  // title, today (two lines when narrow), open; low stock with its heading; the chart's heading, days and legend; "Lately"
  const used = 3 + (props.width < 80 ? 1 : 0) + (lowRows > 0 ? lowRows + 1 : 0) + 1 + DAYS + 1 + 1
  const activityRows = Math.max(1, wide ? props.rows - 4 : props.rows - used)

  if (o === null)
    return (
      <Box flexDirection="column" paddingX={1}>
        <Text {...tone('title')}>Overview</Text>
        <Text {...tone(loaded.error === null ? 'muted' : 'error')}>{loaded.error === null ? 'reading…' : `✗ ${loaded.error}`}</Text>
      </Box>
    )
  const activity = (
    <Box flexDirection="column" width={right}>
      <Text {...tone('title')}>Lately</Text>
      {o.activity.slice(0, activityRows).map((a, i) => (
        <Text key={`${a.at}-${i}`} {...(a.status === 'rejected' ? tone('error') : {})}>
          {activityLine(a, right)}
        </Text>
      ))}
    </Box>
  )
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>{`Overview — today ${o.today.day}`}</Text>
      <Box flexDirection="row" flexWrap="wrap" columnGap={2}>
        <Text {...tone('title')}>Today</Text>
        {todayFacts(o).map((fact) => (
          <Text key={fact}>{fact}</Text>
        ))}
      </Box>
      <Text {...tone(o.openConflicts > 0 ? 'warn' : 'ok')}>
        {`Open: ${plural(o.openOrders, 'order')} · ${plural(o.openConflicts, 'conflict')}${o.openConflicts > 0 ? ' (see Conflicts)' : ''}`}
      </Text>
      <Box flexDirection={wide ? 'row' : 'column'} gap={wide ? 2 : 0}>
        <Box flexDirection="column" width={left}>
          {lowRows > 0 && (
            <Box flexDirection="column">
              <Text {...tone('warn')}>{`Low stock (${o.low.length})`}</Text>
              {o.low.slice(0, lowRows).map((l) => (
                <Text key={l.sku}>
                  {lowLine(`  ${l.sku} ${numbers.show(l.free, l.sku)} free, below ${numbers.show(l.below, l.sku)}`, l.name, left)}
                </Text>
              ))}
            </Box>
          )}
          <Text {...tone('title')}>{`Rolls moved per day, last ${DAYS} days`}</Text>
          <MovementChart days={o.days} width={left} />
        </Box>
        {activity}
      </Box>
    </Box>
  )
}

export const overviewScreen: ScreenEntry = {
  id: 'overview',
  label: 'Overview',
  roles: ['manager'],
  inMenu: true,
  bindings: BINDINGS,
  component: OverviewScreen,
}
