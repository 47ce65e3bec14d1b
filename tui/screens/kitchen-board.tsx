import { Box, Text } from 'ink'
import { useMemo, useRef, useState } from 'react'
import type { StationRecord, TicketRecord } from '../../protocol/index.js'
import { BoardView, perPageOf, railWidthOf, type AllDayRow } from '../components/kitchen-board-view.js'
import { byAge, DEFAULT_AGEING, layoutBoard, type Tile, type TileItem } from '../components/kitchen-layout.js'
import { CANCEL_PROMPT_ROWS, CancelPrompt, StationPicker } from '../components/kitchen-prompts.js'
import { useHistory } from '../components/history-view.js'
import { OutcomeLine, type Outcome } from '../components/outcome-line.js'
import { shownCode } from '../components/printable.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useKitchenScreen } from '../hooks/use-kitchen-screen.js'
import { useNow } from '../hooks/use-now.js'
import { useScan } from '../hooks/use-scan.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { commandFor } from '../keys/bindings.js'
import { Board, boardBindings, DEFAULT_KEYMAP, isBumpBarBurst, pageStepOf, tileNumberOf, tileTags } from '../keys/kitchen-keymap.js'
import { useAppState, useClient } from '../state/contexts.js'
import { bumpsOf, recordBump, takeLastBump } from '../state/kitchen-bumps.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'

/**
 * A ticket as a tile of a board showing `shown` stations (empty: every station). A prep station
 * sees its own items, and the ticket leaves its board once it has bumped them all; an expo
 * station sees the whole ticket until it is served.
 */
export function tileOf(ticket: TicketRecord, shown: ReadonlySet<string>, expo: boolean): Tile | null {
  const items: TileItem[] = []
  for (const part of ticket.parts)
    part.items.forEach((it, i) => {
      if (!expo && shown.size > 0 && !shown.has(it.station)) return
      items.push({
        key: `${part.n}.${i}`,
        qty: it.qty,
        name: it.name,
        modifiers: it.modifiers,
        notes: it.note,
        allergies: it.allergies,
        station: it.station,
        done: it.done !== null,
        part: part.n,
      })
    })
  if (items.length === 0) return null
  if (!expo && items.every((it) => it.done)) return null
  return {
    id: ticket.id,
    label: ticket.id,
    who: ticket.label,
    state: ticket.state,
    held: ticket.held !== null,
    firedAt: ticket.fired,
    items,
  }
}

/**
 * Tiles kept while their tickets are unchanged (the same `seq`, the same stations shown), so that
 * a tile's memo holds across redraws: a new Tile for every ticket on every refresh and every
 * second redrew every tile (scripts/bench/kitchen-board.ts times the board with it).
 */
export function tileKeeper(): (tickets: readonly TicketRecord[], shown: ReadonlySet<string>, expo: boolean) => Tile[] {
  let kept = new Map<string, { seq: number; tile: Tile | null }>()
  let lens = ''
  return (tickets, shown, expo) => {
    const key = `${[...shown].join(',')} ${expo}`
    if (key !== lens) kept = new Map()
    lens = key
    const next = new Map<string, { seq: number; tile: Tile | null }>()
    const out: Tile[] = []
    for (const ticket of tickets) {
      const before = kept.get(ticket.id)
      const tile = before !== undefined && before.seq === ticket.seq ? before.tile : tileOf(ticket, shown, expo)
      next.set(ticket.id, { seq: ticket.seq, tile })
      if (tile !== null) out.push(tile)
    }
    kept = next
    return out
  }
}

const TITLE_AND_FOOTER = 4

/**
 * The kitchen board (KDS): the open tickets of this screen's stations as tiles, oldest first.
 * The bump bar's keys 1-9 bump the tile drawn with that number (a page holds one tile per key;
 * PgDn/PgUp turn pages), arrows and Enter bump the selected one; H holds or
 * resumes, R recalls the last bump (an undo, no question), C cancels with a reason, A shows what
 * is still to make all day, S chooses the stations, L shows the selected ticket's history (the
 * `h` of other screens; h holds here). Ages tick every second, by colour and marker.
 */
export function KitchenBoardScreen(props: ScreenProps) {
  const client = useClient()
  const { kitchen } = useAppState()
  const keymap = kitchen?.keymap ?? DEFAULT_KEYMAP
  const bindings = useMemo(() => boardBindings(keymap), [keymap])
  const tileKeys = useMemo(() => tileTags(keymap), [keymap])
  const ageing = kitchen?.ageing ?? DEFAULT_AGEING
  const trouble = useKitchenScreen(kitchen ?? null)
  const [stations, setStations] = useState<readonly string[]>(kitchen?.stations ?? [])
  const [allDayOpen, setAllDayOpen] = useState(false)
  const [prompt, setPrompt] = useState<'cancel' | 'stations' | null>(null)
  const [message, setMessage] = useState<Outcome | null>(null)
  const [selectedId, setSelectedId] = useState<string | null>(null)
  // the selection as of the last key, also between renders: a bump bar's → then Enter can come
  // before the redraw, and Enter must bump the tile → chose
  const chosen = useRef<string | null>(null)
  const lastIndex = useRef(0)
  const bumped = bumpsOf(kitchen ?? client)
  // over the board while open, taking every key: a bump bar's press cannot bump behind it
  const history = useHistory(props.rows - 1)

  const key = stations.join(',')
  const board = useViewQuery(async () => {
    const answer = await client.call('tickets.board', stations.length > 0 ? { stations: [...stations] } : {})
    return { ...answer, receivedAt: Date.now() }
  }, [key])
  const known = useViewQuery(() => client.call('stations.list', {}), [])
  const allDay = useViewQuery(
    async (): Promise<AllDayRow[] | null> => (allDayOpen ? allDayOf(await Promise.all(allDayCalls(stations))) : null),
    [allDayOpen, key],
  )
  function allDayCalls(of: readonly string[]) {
    return of.length === 0 ? [client.call('tickets.allDay', {})] : of.map((station) => client.call('tickets.allDay', { station }))
  }

  // ages are counted on the daemon's clock, which stamped the tickets, not this terminal's
  const now = useNow(1000)
  const keepTiles = useMemo(() => tileKeeper(), [])
  const skew = board.data === null ? 0 : board.data.now - board.data.receivedAt
  const kinds = new Map((known.data ?? []).map((s: StationRecord) => [s.id, s.kind]))
  const expo = stations.some((s) => kinds.get(s) === 'expo')
  const shown = new Set(stations)
  const tiles = byAge(keepTiles(board.data?.tickets ?? [], shown, expo))
  /** Where the tile `id` is now; gone (bumped), the same place, so the next tile moves under the cursor. */
  const indexOf = (id: string | null) => {
    const found = id === null ? -1 : tiles.findIndex((t) => t.id === id)
    return found >= 0 ? found : Math.min(lastIndex.current, Math.max(0, tiles.length - 1))
  }
  const selected = indexOf(selectedId)
  lastIndex.current = selected
  // the cancel prompt sits over the board, which gives it its rows
  const height = Math.max(5, props.rows - TITLE_AND_FOOTER - (prompt === 'cancel' ? CANCEL_PROMPT_ROWS : 0))
  // the page as BoardView draws it: the keys act on the tiles drawn
  const layout = layoutBoard(tiles, railWidthOf(props.width, allDayOpen), height, selected, perPageOf(tileKeys))

  const act = <T,>(p: Promise<T>, ok: string | ((value: T) => string)) =>
    p.then(
      (value) => setMessage({ error: false, text: typeof ok === 'string' ? ok : ok(value) }),
      (err: Error) => setMessage({ error: true, text: err.message }),
    )
  const select = (index: number) => {
    const tile = tiles[Math.max(0, Math.min(tiles.length - 1, index))]
    if (tile === undefined) return
    chosen.current = tile.id
    setSelectedId(tile.id)
  }

  /** The stations a bump here finishes on this ticket: this board's with items still to make; an expo board serves. */
  const stationsToBump = (ticket: TicketRecord): string[] => {
    const pending = new Set(ticket.parts.flatMap((p) => p.items.filter((i) => i.done === null).map((i) => i.station)))
    const prep = [...pending].filter((s) => (stations.length === 0 || shown.has(s)) && kinds.get(s) !== 'expo')
    if (prep.length > 0 || !expo) return prep
    return stations.filter((s) => kinds.get(s) === 'expo').slice(0, 1)
  }
  const bump = (tile: Tile | undefined) => {
    const ticket = board.data?.tickets.find((t) => t.id === tile?.id)
    if (tile === undefined || ticket === undefined) return setMessage({ error: true, text: 'no ticket there' })
    const at = stationsToBump(ticket)
    if (at.length === 0 && ticket.state === 'ready') {
      const served = recordBump(bumped, ticket.id, tile.label, async (made) => {
        const { ids } = await client.call('tickets.serve', { ticket: ticket.id })
        made.push({ station: null, op: ids[0] ?? null })
      })
      return void act(served, `#${tile.label} served`)
    }
    if (at.length === 0) return setMessage({ error: true, text: `#${tile.label} has nothing left to bump here` })
    const done = recordBump(bumped, ticket.id, tile.label, async (made) => {
      for (const station of at) {
        const { ids } = await client.call('tickets.bump', { ticket: ticket.id, station })
        made.push({ station, op: ids[0] ?? null })
      }
    })
    void act(done, `#${tile.label} bumped (R recalls it)`)
  }
  /**
   * R: the last bump made at this screen, whichever of its stations, undone exactly (the recall
   * names each station's bump by its operation, so a bump another node made since is left alone).
   * With none remembered (a screen started again), the daemon's last bump at any of its stations.
   */
  const recall = async (): Promise<string> => {
    const last = await takeLastBump(bumped)
    if (last === null) {
      if (stations.length === 0) throw new Error('nothing bumped here to recall')
      const { ticket } = await client.call('tickets.recall', { stations: [...stations] })
      chosen.current = ticket
      setSelectedId(ticket)
      return `#${ticket} recalled (the last bump at ${stations.join(' + ')})`
    }
    chosen.current = last.ticket
    setSelectedId(last.ticket)
    for (const { station, op } of [...last.made].reverse()) {
      try {
        await client.call(
          'tickets.recall',
          station === null ? { ticket: last.ticket } : { ticket: last.ticket, station, ...(op === null ? {} : { bump: op }) },
        )
      } catch (err) {
        throw await notTaken(err, op, `#${last.label}`, station)
      }
    }
    return `#${last.label} recalled`
  }
  /**
   * A bump this screen made that the site did not take: another node bumped the same items while
   * the two were apart, and when they met the fold rejected this one (Conflicts lists it). Its
   * recall then found nothing, and said "recalled already?"; it says what happened instead.
   */
  const notTaken = async (err: unknown, op: string | null, label: string, station: string | null): Promise<unknown> => {
    if (op === null) return err
    const rejected = (await client.call('conflicts.list', { open: false, limit: 500 }).catch(() => [])).find((c) => c.op.id === op)
    if (rejected === undefined) return err
    return new Error(
      `${label}: bumped at ${station ?? 'expo'} on another node first, so this screen's bump was not taken (Conflicts lists it)`,
    )
  }
  const turnPage = (step: 1 | -1) => {
    const start = layout.pageStarts[layout.page + step]
    const pages = layout.pageStarts.length
    if (start === undefined)
      setMessage({ error: false, text: `page ${layout.page + 1} of ${pages}: no page ${step > 0 ? 'after' : 'before'} it` })
    else select(start)
  }

  // A bump bar's quick presses come at a scanner's pace: the router holds them as a scan (ended
  // by Enter or not). Keys the board knows are handed back as keys, one by one; anything else is
  // a real scan, which the board has no use for: refused in one line, none of it run as keys.
  // Over the cancel prompt's reason field, the field takes it (it is above this layer).
  // A scan between the scanner's prefix and suffix is a scan, even one made of the board's keys
  // (a barcode "123" bumped tiles 1-3 with a prefix set).
  useScan((code, how) => {
    if (!how.framed && isBumpBarBurst(bindings, code)) return 'keys'
    setMessage({ error: true, text: `"${shownCode(code)}" read as a scan; the board takes none: nothing done` })
  })

  useKeypress(
    (k) => {
      const n = tileNumberOf(keymap, k)
      if (n !== null) {
        const placed = layout.columns.flat().find((p) => p.number === n)
        if (placed === undefined) setMessage({ error: true, text: `no tile ${n} on this page` })
        else bump(placed.tile)
        return true
      }
      const command = commandFor(bindings, k)
      const at = indexOf(chosen.current ?? selectedId)
      const current = tiles[at]
      switch (command) {
        case Board.up:
        case Board.left:
          select(command === Board.left ? columnStep(layout, at, -1) : at - 1)
          return true
        case Board.down:
        case Board.right:
          select(command === Board.right ? columnStep(layout, at, 1) : at + 1)
          return true
        case Board.bump:
          bump(current)
          return true
        case Board.hold:
          if (current !== undefined)
            void act(
              client.call(current.held ? 'tickets.resume' : 'tickets.hold', { ticket: current.id }),
              `#${current.label} ${current.held ? 'resumed' : 'on hold'}`,
            )
          return true
        case Board.recall:
          void act(recall(), (text) => text)
          return true
        case Board.pages:
          turnPage(pageStepOf(keymap, k) ?? 1)
          return true
        case Board.cancel:
          if (current !== undefined) setPrompt('cancel')
          return true
        case Board.allDay:
          setAllDayOpen((o) => !o)
          return true
        case Board.stations:
          setPrompt('stations')
          return true
        case Board.history:
          if (current === undefined) setMessage({ error: true, text: 'no ticket selected' })
          else history.open(`ticket/${current.id}`)
          return true
        case Board.back:
          // the open all-day panel takes Esc first, as A does: one Esc too many must not leave the board
          if (allDayOpen) setAllDayOpen(false)
          else props.back()
          return true
        default:
          return false
      }
    },
    { isActive: prompt === null },
  )

  const current = tiles[selected]
  const where = stations.length === 0 ? 'every station' : stations.join(' + ')
  return (
    <Box flexDirection="column">
      <Text>
        <Text {...tone('title')}>{`Kitchen — ${kitchen?.name ?? 'board'}: ${where}`}</Text>
        <Text {...tone('muted')}>{`  ${tiles.length} open  ? keys`}</Text>
      </Text>
      {prompt === 'cancel' && current !== undefined && (
        <CancelPrompt
          label={current.label}
          done={(reason) => {
            setPrompt(null)
            if (reason === null) setMessage({ error: false, text: `#${current.label} kept` })
            else void act(client.call('tickets.cancel', { ticket: current.id, reason }), `#${current.label} cancelled: ${reason}`)
          }}
        />
      )}
      {history.isOpen ? (
        history.view
      ) : prompt === 'stations' ? (
        <StationPicker
          stations={known.data ?? []}
          chosen={stations}
          done={(chosen) => {
            setPrompt(null)
            if (chosen !== null) setStations(chosen)
          }}
        />
      ) : (
        <BoardView
          tiles={tiles}
          width={props.width}
          height={height}
          selected={selected}
          now={now + skew}
          ageing={ageing}
          allDay={allDayOpen ? (allDay.data ?? []) : null}
          tileKeys={tileKeys}
          pageKeys={bindings.find((b) => b.command === Board.pages)?.label}
        />
      )}
      {trouble !== null && <Text {...tone('warn')}>{trouble}</Text>}
      {board.error !== null && <Text {...tone('error')}>{`✗ ${board.error}`}</Text>}
      <OutcomeLine outcome={message} />
    </Box>
  )
}

/** The tile in the next (or previous) column at about the same height; past the page's edge, the next page. */
function columnStep(layout: ReturnType<typeof layoutBoard>, index: number, step: 1 | -1): number {
  const columns = layout.columns
  const c = columns.findIndex((col) => col.some((p) => p.index === index))
  const target = columns[c + step]
  if (c < 0 || target === undefined || target.length === 0) {
    const edge = step > 0 ? columns.at(-1)?.at(-1)?.index : columns[0]?.[0]?.index
    return (edge ?? index) + step
  }
  const row = columns[c]!.findIndex((p) => p.index === index)
  return target[Math.min(row, target.length - 1)]!.index
}

/** All-day lines of several stations as one list: the most to make first. */
function allDayOf(lists: ReadonlyArray<ReadonlyArray<{ name: string; qty: number }>>): AllDayRow[] {
  const sum = new Map<string, number>()
  for (const list of lists) for (const line of list) sum.set(line.name, (sum.get(line.name) ?? 0) + line.qty)
  return [...sum].map(([name, qty]) => ({ name, qty })).sort((a, b) => b.qty - a.qty || a.name.localeCompare(b.name))
}

export const kitchenBoardScreen: ScreenEntry = {
  id: 'kitchen-board',
  label: 'Kitchen board',
  roles: ['kitchen'],
  inMenu: true,
  bindings: boardBindings(DEFAULT_KEYMAP),
  bindingsFor: (state) => boardBindings(state.kitchen?.keymap ?? DEFAULT_KEYMAP),
  // the board reads a fast burst of its own keys as a bump bar's presses (boardScan), and any other as a refused scan
  scanner: 'the board takes no scans; quick presses of its keys are keys',
  component: KitchenBoardScreen,
}
