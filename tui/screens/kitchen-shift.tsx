import { basename, dirname } from 'node:path'
import { Box, Text } from 'ink'
import { useState } from 'react'
import { outsideDay, writeKitchenExport, type KitchenExportOf } from '../../client/kitchen-export.js'
import { localTime, type ShiftRecord, type ShiftSummary } from '../../protocol/index.js'
import { cut, type Column } from '../components/columns.js'
import { printableLine } from '../components/printable.js'
import { ShiftSummaryView } from '../components/shift-summary-view.js'
import { Table } from '../components/table.js'
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
  {
    command: Shift.csv,
    keys: ['e'],
    label: 'e',
    help: 'export the selected shift (or the row outside any shift) as two CSV files, kitchen-…-tickets and kitchen-…-summary, to the folder shown at the foot',
  },
  { command: Shift.json, keys: ['J'], label: 'J', help: 'the same as JSON files' },
  { command: Shift.all, keys: ['a'], label: 'a', help: 'show closed shifts too, or only open ones' },
  { command: Command.back, keys: [{ name: 'escape' }], label: 'Esc', help: 'back to the menu' },
] satisfies readonly Binding[]

const clock = (ms: number | null): string => (ms === null ? '—' : localTime(ms))

/** A line of the list: a shift, or today's tickets fired outside any shift (shift null). */
interface Row {
  id: string
  shift: ShiftRecord | null
}

/** Kind, state and times whole, a column apart; the name gives way with an ellipsis; `out` goes first when narrow. */
const COLUMNS: readonly Column<Row>[] = [
  { header: 'kind', kind: 'code', cell: (r) => r.shift?.kind ?? '—' },
  { header: 'who', kind: 'text', cell: (r) => (r.shift === null ? 'outside any shift' : printableLine(r.shift.who)), min: 8 },
  { header: 'state', kind: 'code', cell: (r) => r.shift?.state ?? 'today' },
  { header: 'in', kind: 'code', cell: (r) => (r.shift === null ? '' : clock(r.shift.checkedIn)) },
  { header: 'out', kind: 'code', cell: (r) => (r.shift === null ? '' : clock(r.shift.checkedOut)), optional: true },
]

/** Narrower than this, the summary goes under the list instead of beside it. */
const SIDE_BY_SIDE_MIN = 70
/** The title, the export folder, the outcome and a prompt. */
const CHROME_ROWS = 4

/**
 * Shifts: check in (yourself, or a truck or place for a service), pause, resume, check out; the
 * selected shift's summary beside the list (under it on a narrow terminal), and its export to CSV
 * or JSON files, named and written as `outpost kitchen export` does (client/kitchen-export.ts), in
 * the folder shown at the foot (the one Outpost was started in, the CLI's `--out` default). Tickets
 * fired with no shift open are a row of their own, "outside any shift" today, with their numbers.
 */
export function KitchenShiftScreen(props: ScreenProps) {
  const client = useClient()
  const { exportDir } = useAppState()
  const [all, setAll] = useState(false)
  const shifts = useViewQuery(() => client.call('shifts.list', { all, limit: 50 }), [all])
  // today's tickets fired outside any shift: a row once there are any, so none is missing from the numbers
  const outside = useViewQuery(async () => {
    const day = outsideDay()
    return { day, summary: await client.call('shifts.summary', { outside: { from: day.from, to: day.to } }) }
  }, [])
  const outsideShown = outside.data !== null && outside.data.summary.tickets + outside.data.summary.cancellations.length > 0
  const rows: Row[] = [
    ...(shifts.data ?? []).map((shift) => ({ id: shift.id, shift })),
    ...(outsideShown ? [{ id: 'outside', shift: null }] : []),
  ]
  const cursor = useListCursor(rows.length)
  const row: Row | undefined = rows[cursor.selected]
  const chosen: ShiftRecord | undefined = row?.shift ?? undefined
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
  const exportRow = async (of: KitchenExportOf, format: 'csv' | 'json') => {
    const files = await writeKitchenExport(client, of, format, exportDir)
    return `wrote ${files.map((f) => basename(f)).join(' and ')} in ${dirname(files[0])}`
  }
  const exportOf = (r: Row | undefined): KitchenExportOf | null => {
    if (r === undefined) return null
    if (r.shift === null) return outside.data === null ? null : { outside: outside.data.day }
    return r.shift.kind === 'person' ? null : { shift: r.shift.id }
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
        case Shift.json: {
          const of = exportOf(row)
          if (of === null) {
            if (row !== undefined) setMessage({ error: true, text: "a person's shift has no tickets: choose a truck or place" })
            return true
          }
          exportRow(of, command === Shift.csv ? 'csv' : 'json').then(
            (text) => setMessage({ error: false, text }),
            (err: Error) => setMessage({ error: true, text: `export failed: ${err.message}` }),
          )
          return true
        }
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

  const s = row?.shift === null ? (outside.data?.summary ?? null) : summary.data
  const inner = Math.max(20, props.width - 2)
  const sideBySide = inner >= SIDE_BY_SIDE_MIN
  const body = Math.max(6, props.rows - CHROME_ROWS)
  const listWidth = sideBySide ? Math.floor((inner - 2) / 2) : inner
  const listHeight = sideBySide ? body : Math.min(rows.length + 1, Math.max(3, Math.floor(body / 2)))
  const summaryWidth = sideBySide ? inner - listWidth - 2 : inner
  const summaryHeight = sideBySide ? body : Math.max(2, body - listHeight)
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text {...tone('title')}>{`Shifts${all ? ' (all)' : ' (open)'}`}</Text>
      <Box flexDirection={sideBySide ? 'row' : 'column'}>
        <Box flexDirection="column" width={listWidth} marginRight={sideBySide ? 2 : 0}>
          {rows.length === 0 ? (
            <Text {...tone('muted')}>{cut('No shift open: i checks you in, t a truck or place.', listWidth)}</Text>
          ) : (
            <Table columns={COLUMNS} rows={rows} width={listWidth} height={listHeight} selected={cursor.selected} rowKey={(r) => r.id} />
          )}
        </Box>
        {s !== null && <ShiftSummaryView summary={s} width={summaryWidth} height={summaryHeight} />}
      </Box>
      {naming && <TextFieldView label="Truck or place" field={name.state} focused width={16} />}
      {confirming && chosen !== undefined && (
        <Text {...tone('warn')}>{cut(`Check ${printableLine(chosen.who)} out? y checks out, any other key does not.`, inner)}</Text>
      )}
      <OutcomeLine outcome={message} />
      <Text {...tone('muted')}>{exportsLine(exportDir, inner)}</Text>
    </Box>
  )
}

/** Where e and J write, kept to the width: a long path loses its start, not the folder's own name. */
function exportsLine(folder: string, width: number): string {
  const label = 'e/J export to '
  const room = width - label.length
  return label + (folder.length <= room ? folder : '…' + folder.slice(folder.length - Math.max(0, room - 1)))
}

export const kitchenShiftScreen: ScreenEntry = {
  id: 'kitchen-shift',
  label: 'Shifts',
  roles: ['kitchen'],
  inMenu: true,
  bindings: BINDINGS,
  component: KitchenShiftScreen,
}
