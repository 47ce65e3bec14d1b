import { Box, Text } from 'ink'
import { useRef, useState } from 'react'
import type { MenuEntry, ShiftRecord } from '../../protocol/index.js'
import {
  applyToDraft,
  EMPTY_DRAFT,
  ENTRY_HELP,
  money,
  overStock,
  parseEntry,
  portionsLeft,
  type Draft,
} from '../components/kitchen-entry.js'
import { fit } from '../components/kitchen-tile.js'
import { OutcomeLine, type Outcome } from '../components/outcome-line.js'
import { printableLine } from '../components/printable.js'
import { TextFieldView, useTextField } from '../components/text-field.js'
import { useKeypress } from '../hooks/use-keypress.js'
import { useViewQuery } from '../hooks/use-view-query.js'
import { Command, type Binding } from '../keys/bindings.js'
import { useClient } from '../state/contexts.js'
import { tone } from '../theme.js'
import type { ScreenEntry, ScreenProps } from './screen.js'

const BINDINGS = [
  { command: 'entry', keys: [], label: 'type', help: ENTRY_HELP },
  {
    command: Command.back,
    keys: [{ name: 'escape' }],
    label: 'Esc',
    help: 'drop the ticket being entered; on an empty one, back to the menu',
  },
] satisfies readonly Binding[]

const NO_SHIFT = 'no shift open: outside any shift'

/**
 * The counter: enter a ticket fast by menu numbers, one line at a time (kitchen-entry.ts), and
 * fire it with Enter on an empty line. The menu beside it says what is out or outside its window
 * before anyone types it; what the site refuses at firing (a slot full, the last portion gone on
 * another node) comes back as one line in words.
 */
export function KitchenCounterScreen(props: ScreenProps) {
  const client = useClient()
  const menu = useViewQuery(() => client.call('menu.list', {}), [])
  // the shift by its name (the truck, the place), as the Shifts screen shows it, not its id
  const shifts = useViewQuery(() => client.call('shifts.list', {}), [])
  const items = menu.data?.items ?? []
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT)
  // the draft as of the last key, also between renders (lines typed faster than a redraw)
  const current = useRef<Draft>(EMPTY_DRAFT)
  const [message, setMessage] = useState<Outcome | null>(null)
  const [sending, setSending] = useState(false)
  // the field stays open while a ticket is fired: what is typed (or scanned) meanwhile is kept for
  // the next one, where an inactive field lost it (a scan right after firing was refused)
  const firing = useRef(false)

  const update = (next: Draft) => {
    current.current = next
    setDraft(next)
  }
  const fire = async (d: Draft) => {
    if (d.items.length === 0) return setMessage({ error: true, text: 'nothing to fire yet: type a menu number' })
    if (d.addTo === null && d.label === null)
      return setMessage({ error: true, text: 'whose is it? type @ and a name or table, e.g. @table 4' })
    const entered = d.items.map((it) => ({
      item: it.id,
      qty: it.qty,
      modifiers: it.modifiers,
      allergies: it.allergies,
      ...(it.note === null ? {} : { note: it.note }),
    }))
    firing.current = true
    setSending(true)
    try {
      if (d.addTo !== null) {
        const added = await client.call('tickets.add', { ticket: d.addTo, items: entered })
        setMessage({ error: false, text: `added to #${added.ticket} (part ${added.part + 1}), ${added.chits} chit(s)` })
      } else {
        const fired = await client.call('tickets.fire', { label: d.label!, items: entered })
        // as the counter last saw the site: the daemon gave it to the one open truck or place shift, if any
        const outside = menu.data !== null && menu.data.shift === null ? ', outside any shift' : ''
        setMessage({ error: false, text: `#${fired.ticket} fired for ${d.label}, ${fired.chits} chit(s)${outside}` })
      }
      update(EMPTY_DRAFT)
    } catch (err) {
      // the ticket stays on the screen: fix the line the site refused and fire again
      setMessage({ error: true, text: (err as Error).message })
    } finally {
      firing.current = false
      setSending(false)
    }
  }

  const field = useTextField({
    isActive: true,
    // the entry's parts have their own limits (a note of 200...), told by parseEntry with the real
    // length; the field's own limit is only for a paste far past any of them
    maxLength: 1000,
    name: 'the entry line',
    accept: /[^?]/,
    onSubmit: (typed) => {
      // a refused line stays in the field, to be corrected rather than typed again (#17)
      const refuse = (text: string) => setMessage({ error: true, text })
      const take = () => field.apply({ type: 'clear' })
      // the ticket being fired is cleared when it is through: a line taken now would go with it
      if (firing.current) return refuse('firing the last ticket: press Enter again in a moment')
      const line = parseEntry(typed)
      const d = current.current
      if (line.kind === 'fire') {
        take()
        return void fire(d)
      }
      if (line.kind === 'refused') return refuse(line.text)
      if (line.kind === 'item') {
        const entry = items.find((i) => i.number === line.number)
        if (entry === undefined) return refuse(`no menu item ${line.number}`)
        if (entry.refused !== null) return refuse(entry.refused)
        const short = overStock(entry, d, line.qty)
        if (short !== null) return refuse(short)
        take()
        update({
          ...d,
          items: [
            ...d.items,
            {
              id: entry.id,
              number: entry.number,
              name: entry.name,
              qty: line.qty,
              price: entry.price,
              modifiers: [],
              note: null,
              allergies: [],
            },
          ],
        })
        return setMessage(null)
      }
      const next = applyToDraft(d, line)
      if (typeof next === 'string') return refuse(next)
      take()
      update(next)
      setMessage(null)
    },
  })

  useKeypress((key) => {
    if (key.name !== 'escape') return false
    // the ticket is on its way: dropped now, it would still be fired, and said dropped
    if (firing.current) {
      setMessage({ error: true, text: 'firing the ticket: it cannot be dropped now' })
      return true
    }
    if (current.current.items.length > 0 || current.current.label !== null || current.current.addTo !== null) {
      update(EMPTY_DRAFT)
      setMessage({ error: false, text: 'ticket dropped, nothing was fired' })
    } else props.back()
    return true
  })

  // two columns within the padding: at 60 columns a floor of 30 each made them 2 wider than the
  // screen, and the menu ran into the ticket with no space between
  const half = Math.floor((props.width - 2) / 2)
  const room = Math.max(3, props.rows - 8)
  const total = draft.items.reduce((sum, it) => sum + it.qty * it.price, 0)
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text>
        <Text {...tone('title')}>Counter</Text>
        <Text {...tone('muted')}>{`  shift ${shiftName(menu.data?.shift ?? null, shifts.data ?? [])}`}</Text>
      </Text>
      <Box>
        <Box flexDirection="column" width={half}>
          {items.length === 0 && <Text {...tone('muted')}>No menu yet (a manager adds items).</Text>}
          {items.slice(0, room).map((i) => (
            <MenuLine key={i.id} entry={i} width={half - 1} />
          ))}
          {items.length > room && <Text {...tone('muted')}>{`… ${items.length - room} more`}</Text>}
        </Box>
        <Box flexDirection="column" width={half}>
          {/* one row, cut by Ink in cells: a long or wide name wrapped over the ticket's lines */}
          <Text bold wrap="truncate-end">
            {draft.addTo !== null ? `Adding to #${draft.addTo}` : `Ticket for ${draft.label ?? '? (type @name or @table)'}`}
          </Text>
          {draft.items.map((it, n) => (
            <Box key={n} flexDirection="column">
              <Text>{fit(`${it.qty}× ${it.number} ${it.name}  ${money(it.qty * it.price)}`, half - 1)}</Text>
              {it.modifiers.map((m, k) => (
                <Text key={k}>{fit(`   + ${m}`, half - 1)}</Text>
              ))}
              {it.allergies.length > 0 && <Text {...tone('error')}>{fit(`   ALLERGY ${it.allergies.join(', ')}`, half - 1)}</Text>}
              {it.note !== null && <Text>{fit(`   "${it.note}"`, half - 1)}</Text>}
            </Box>
          ))}
          {draft.items.length > 0 && <Text {...tone('muted')}>{`total ${money(total)}`}</Text>}
          {/* a ticket fired now is in no shift: told before it is fired, counted in Shifts' "outside any shift" */}
          {menu.data !== null && menu.data.shift === null && draft.items.length > 0 && draft.addTo === null && (
            <Text {...tone('warn')}>{fit(NO_SHIFT, half - 1)}</Text>
          )}
        </Box>
      </Box>
      <TextFieldView label="Entry" field={field.state} focused width={7} />
      <Text {...tone('muted')}>{fit(ENTRY_HELP, props.width - 2)}</Text>
      {sending && <Text {...tone('muted')}>firing…</Text>}
      <OutcomeLine outcome={message} />
    </Box>
  )
}

function shiftName(id: string | null, open: readonly ShiftRecord[]): string {
  if (id === null) return 'none open'
  const shift = open.find((s) => s.id === id)
  return shift === undefined ? id : printableLine(shift.who)
}

function MenuLine(props: { entry: MenuEntry; width: number }) {
  const { entry } = props
  const left = entry.left === null ? '' : ` ${portionsLeft(entry.left)}`
  const why = entry.refused === null ? '' : ` ✗ ${entry.refused}`
  const text = fit(`${String(entry.number).padStart(3)} ${entry.name} ${money(entry.price)}${left}${why}`, props.width)
  return <Text {...(entry.refused !== null ? tone('muted') : {})}>{text}</Text>
}

export const kitchenCounterScreen: ScreenEntry = {
  id: 'kitchen-counter',
  label: 'Counter (tickets)',
  roles: ['kitchen'],
  inMenu: true,
  bindings: BINDINGS,
  component: KitchenCounterScreen,
}
