import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Box, Text } from 'ink'
import { useState } from 'react'
import type { ShiftRecord, ShiftSummary } from '../../protocol/index.js'
import { money } from '../components/kitchen-entry.js'
import { fit } from '../components/kitchen-tile.js'
import { OutcomeLine, type Outcome } from '../components/outcome-line.js'
import { TextFieldView, useTextField } from '../components/text-field.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useListCursor } from '../hooks/use-list-cursor.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { Command, commandFor, type Binding } from '../keys/bindings.js'
import { useAppState, useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'

const Shift = {
  checkIn: 'checkIn',
  service: 'service',
  pause: 'pause',
  checkOut: 'checkOut',
  csv: 'csv',
  json: 'json',
  all: 'all',
} as const

const BINDINGS = [
  { command: Command.up, keys: [{ name: 'up' }, 'k'], label: '↑/k', help: 'previous shift' },
  { command: Command.down, keys: [{ name: 'down' }, 'j'], label: '↓/j', help: 'next shift' },
  { command: Shift.checkIn, keys: ['i'], label: 'i', help: 'check yourself in' },
  { command: Shift.service, keys: ['t'], label: 't', help: 'check in a truck or place (a service shift: tickets belong to it)' },
  { command: Shift.pause, keys: ['p'], label: 'p', help: 'pause the selected shift, or resume it' },
  { command: Shift.checkOut, keys: ['o'], label: 'o', help: 'check the selected shift out (y confirms)' },
  { command: Command.confirm, keys: ['y'], label: 'y', help: 'confirm' },
  { command: Shift.csv, keys: ['e'], label: 'e', help: 'export the selected shift as CSV files (tickets and summary)' },
  { command: Shift.json, keys: ['J'], label: 'J', help: 'export the selected shift as JSON files' },
  { command: Shift.all, keys: ['a'], label: 'a', help: 'show closed shifts too, or only open ones' },
  { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'back to the menu' },
] satisfies readonly Binding[]

function clock(ms: number | null): string {
  if (ms === null) return '—'
  const d = new Date(ms)
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}

const minutes = (ms: number | null) => (ms === null ? '—' : `${(ms / 60_000).toFixed(1)} min`)

/**
 * Shifts: check in (yourself, or a truck or place for a service), pause, resume, check out; the
 * selected shift's summary beside the list (tickets, items, revenue, prep time per station,
 * cancellations by reason), and its export to CSV or JSON files in the folder Outpost runs in.
 */
export function KitchenShiftScreen(props: ScreenProps) {
  const client = useClient()
  const { exportDir } = useAppState()
  const [all, setAll] = useState(false)
  const shifts = useViewQuery(() => client.call('shifts.list', { all, limit: 50 }), [all])
  const list = shifts.data ?? []
  const cursor = useListCursor(list.length)
  const chosen: ShiftRecord | undefined = list[cursor.selected]
  const summary = useViewQuery(
    async (): Promise<ShiftSummary | null> =>
      chosen === undefined || chosen.kind === 'person' ? null : client.call('shifts.summary', { shift: chosen.id }),
    [chosen?.id],
  )
  const [message, setMessage] = useState<Outcome | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [naming, setNaming] = useState(false)
  const act = (p: Promise<unknown>, ok: string) =>
    p.then(
      () => setMessage({ error: false, text: ok }),
      (err: Error) => setMessage({ error: true, text: err.message }),
    )
  const name = useTextField({
    isActive: naming,
    maxLength: 40,
    onSubmit: (who) => {
      setNaming(false)
      name.apply({ type: 'clear' })
      if (who.trim() === '') return setMessage({ error: false, text: 'no service checked in' })
      void act(
        client.call('shifts.checkIn', { kind: 'truck', who: who.trim() }),
        `${who.trim()} checked in: tickets entered now belong to it`,
      )
    },
  })
  const exportShift = async (shift: ShiftRecord, format: 'csv' | 'json') => {
    const out = await client.call('shifts.export', { shift: shift.id, format })
    const tickets = join(exportDir, `shift-${shift.id}-tickets.${format}`)
    const summaryFile = join(exportDir, `shift-${shift.id}-summary.${format}`)
    await writeFile(tickets, out.tickets, { mode: 0o600 })
    await writeFile(summaryFile, out.summary, { mode: 0o600 })
    return `exported to ${tickets} and ${summaryFile}`
  }

  useKeypress(
    (key) => {
      const command = commandFor(BINDINGS, key)
      if (confirming) {
        setConfirming(false)
        if (command === Command.confirm && chosen !== undefined)
          void act(client.call('shifts.checkOut', { shift: chosen.id }), `${chosen.who} checked out`)
        else setMessage({ error: false, text: 'still checked in' })
        return true
      }
      if (cursor.move(command)) return true
      switch (command) {
        case Shift.checkIn:
          void act(client.call('shifts.checkIn', {}), 'checked in')
          return true
        case Shift.service:
          setNaming(true)
          return true
        case Shift.pause:
          if (chosen !== undefined)
            void act(
              client.call(chosen.state === 'paused' ? 'shifts.resume' : 'shifts.pause', { shift: chosen.id }),
              `${chosen.who} ${chosen.state === 'paused' ? 'resumed' : 'paused'}`,
            )
          return true
        case Shift.checkOut:
          if (chosen !== undefined) setConfirming(true)
          return true
        case Shift.csv:
        case Shift.json:
          if (chosen !== undefined)
            exportShift(chosen, command === Shift.csv ? 'csv' : 'json').then(
              (text) => setMessage({ error: false, text }),
              (err: Error) => setMessage({ error: true, text: `export failed: ${err.message}` }),
            )
          return true
        case Shift.all:
          setAll((a) => !a)
          return true
        case Command.back:
          props.back()
          return true
        default:
          return false
      }
    },
    { isActive: !naming },
  )

  const s = summary.data
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>{`Shifts${all ? ' (all)' : ' (open)'}`}</Text>
      <Box>
        <Box flexDirection="column" width={Math.max(36, Math.floor(props.width / 2))}>
          {list.length === 0 && <Text {...tone('muted')}>No shift open: i checks you in, t a truck or place.</Text>}
          {list.slice(0, Math.max(3, props.rows - 8)).map((sh, i) => (
            <Text key={sh.id} {...(i === cursor.selected ? tone('selected') : {})}>
              {fit(
                ` ${sh.kind.padEnd(6)} ${sh.who.padEnd(12).slice(0, 12)} ${sh.state.padEnd(6)} in ${clock(sh.checkedIn)} out ${clock(sh.checkedOut)} `,
                44,
              )}
            </Text>
          ))}
        </Box>
        {s !== null && (
          <Box flexDirection="column">
            <Text bold>{`${s.shift.who}: ${s.tickets} tickets, ${s.items} items, ${money(s.revenue)}`}</Text>
            <Text>{`served ${s.served}  open ${s.open}  oversold ${s.oversold}`}</Text>
            {s.prep.map((p) => (
              <Text key={p.station}>{`${p.station.padEnd(8)} avg ${minutes(p.averageMs)}  p90 ${minutes(p.p90Ms)}`}</Text>
            ))}
            {s.cancellations.map((c) => (
              <Text key={c.reason}>{`cancelled: ${c.reason} × ${c.tickets}`}</Text>
            ))}
          </Box>
        )}
      </Box>
      {naming && <TextFieldView label="Truck or place" field={name.state} focused width={16} />}
      {confirming && chosen !== undefined && (
        <Text {...tone('warn')}>{`Check ${chosen.who} out? y checks out, any other key does not.`}</Text>
      )}
      <OutcomeLine outcome={message} />
    </Box>
  )
}

export const kitchenShiftScreen: ScreenEntry = {
  id: 'kitchen-shift',
  label: 'Shifts',
  roles: ['kitchen'],
  inMenu: true,
  bindings: BINDINGS,
  component: KitchenShiftScreen,
}
